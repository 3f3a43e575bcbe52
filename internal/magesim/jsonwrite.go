package magesim

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// PHP's json_encode, which Magento answers with, escapes "/" as "\/" and
// every non-ASCII character as \uXXXX (UTF-16). The writers below do the
// same, appending to a byte slice so that a page of a thousand customers
// is encoded without reflection.

const hexDigits = "0123456789abcdef"

// plainJSON marks the bytes appendString copies as they are: printable
// ASCII other than '"', '\\' and '/'.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '/'
	}
	return t
}()

// appendString writes s as a JSON string the way PHP escapes it, copying
// runs of plain bytes at once.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plainJSON[c] {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\', '/':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = appendU(b, rune(c))
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF {
			r -= 0x10000
			b = appendU(b, 0xD800+(r>>10))
			b = appendU(b, 0xDC00+(r&0x3FF))
		} else {
			b = appendU(b, r)
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

func appendKey(b []byte, key string) []byte {
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// appendField writes ,"key": (or "key": for the first field of an object).
func appendField(b []byte, key string) []byte {
	if n := len(b); n > 0 && b[n-1] != '{' && b[n-1] != '[' {
		b = append(b, ',')
	}
	return appendKey(b, key)
}

func appendIntField(b []byte, key string, v int) []byte {
	return strconv.AppendInt(appendField(b, key), int64(v), 10)
}

func appendStringField(b []byte, key, v string) []byte {
	return appendString(appendField(b, key), v)
}

// appendOptString writes the field only when it is set: Magento leaves out
// nullable values that are NULL.
func appendOptString(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	return appendStringField(b, key, v)
}

func appendBoolField(b []byte, key string, v bool) []byte {
	return strconv.AppendBool(appendField(b, key), v)
}

// appendTimeField writes t as Magento's "Y-m-d H:i:s" (UTC), digit by
// digit: Time.AppendFormat reads its layout on every call, twice a customer.
func appendTimeField(b []byte, key string, t int64) []byte {
	tm := time.Unix(t, 0).UTC()
	y, mo, d := tm.Date()
	h, mi, s := tm.Clock()
	b = append(appendField(b, key), '"')
	if y < 0 || y > 9999 {
		return append(tm.AppendFormat(b, timeLayout), '"')
	}
	b = append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), ' ')
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
	return append(b, '"')
}

// appendFloat writes a PHP float: 12.5, and 12.0 for whole numbers.
func appendFloat(b []byte, f float64) []byte {
	b = strconv.AppendFloat(b, f, 'f', -1, 64)
	if f == math.Trunc(f) && !math.IsInf(f, 0) {
		b = append(b, '.', '0')
	}
	return b
}

func appendCentsField(b []byte, key string, cents int64) []byte {
	return appendFloat(appendField(b, key), float64(cents)/100)
}

// appendValue writes a decoded JSON value (from encoding/json with UseNumber
// or from the parameter lists of errors) in PHP style.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		return appendFloat(b, v)
	case interface{ String() string }: // json.Number
		return append(b, v.String()...)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']')
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, e)
		}
		return append(b, ']')
	case []Param:
		return appendParams(b, v)
	}
	return append(b, "null"...)
}

// appendParams writes phrase parameters: an object when they are named, an
// array when they are positional.
func appendParams(b []byte, ps []Param) []byte {
	if len(ps) > 0 && ps[0].Name == "" {
		b = append(b, '[')
		for i, p := range ps {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, p.Value)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendValue(appendKey(b, p.Name), p.Value)
	}
	return append(b, '}')
}

// appendError writes Magento's error body.
func appendError(b []byte, e *Error) []byte {
	b = append(b, '{')
	b = appendStringField(b, "message", e.Message)
	if len(e.Params) > 0 {
		b = appendParams(appendField(b, "parameters"), e.Params)
	}
	if len(e.Errors) > 0 {
		b = append(appendField(b, "errors"), '[')
		for i, sub := range e.Errors {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendStringField(b, "message", sub.Message)
			if len(sub.Params) > 0 {
				b = appendParams(appendField(b, "parameters"), sub.Params)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}
