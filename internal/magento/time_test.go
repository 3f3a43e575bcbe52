package magento

import (
	"testing"
	"time"
)

func TestParseTimes(t *testing.T) {
	good := map[string]time.Time{
		"2024-05-01 13:14:15": time.Date(2024, 5, 1, 13, 14, 15, 0, time.UTC),
		"2024-02-29 00:00:00": time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		"2024-02-29T23:59:59": time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC),
	}
	for in, want := range good {
		if got, ok := parseTime([]byte(in)); !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "2023-02-29 00:00:00", "2024-13-01 00:00:00", "2024-05-01 24:00:00",
		"2024-05-01", "0000-00-00 00:00:00", "2024-05-01 10:00:00+02", "2024-5-1 1:2:3    "} {
		if _, ok := parseTime([]byte(in)); ok {
			t.Errorf("parseTime(%q) accepted", in)
		}
	}
	if d, err := ParseDate("1980-03-31 00:00:00"); err != nil || d.String() != "1980-03-31" {
		t.Errorf("ParseDate = %v, %v", d, err)
	}
	if _, err := ParseDate("1980-02-30"); err == nil {
		t.Error("ParseDate accepted February 30")
	}
	if FormatTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))) != "2024-01-02 02:04:05" {
		t.Error("FormatTime does not write UTC")
	}
}

func TestDateText(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("2000-02-29")); err != nil || d != (Date{2000, time.February, 29}) {
		t.Errorf("UnmarshalText = %v, %v", d, err)
	}
	if b, _ := d.MarshalText(); string(b) != "2000-02-29" {
		t.Errorf("MarshalText = %s", b)
	}
	if b, _ := (Date{}).MarshalText(); len(b) != 0 {
		t.Errorf("zero date = %q", b)
	}
}
