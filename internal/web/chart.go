package web

import (
	"math"
	"strconv"

	"magecrm/internal/crm"
)

// barChart is a bar chart laid out for the chart template, which draws it
// as inline SVG: no script, no library, readable without styles.
type barChart struct {
	Title         string
	Caption       string // shown above the chart when several are shown together
	Width, Height int
	Bars          []chartBar
	Ticks         []chartTick
	// BaseY is where the bars stand; PlotLeft where the plot begins.
	BaseY, PlotLeft float64
}

// chartBar is one bar with its label and value in words.
type chartBar struct {
	X, Y, W, H   float64
	Label, Value string
	// ShowLabel is set on every few bars so labels do not overlap.
	ShowLabel bool
	LabelX    float64
}

// chartTick is a value line on the vertical axis.
type chartTick struct {
	Y     float64
	Label string
}

// Chart dimensions in SVG units; the SVG scales to its box.
const (
	chartWidth, chartHeight = 560, 220
	chartLeft, chartBottom  = 56, 28
	chartTop, chartRight    = 10, 24 // room for the last bar's label
)

// newBarChart lays out one bar per value; format writes a value in words.
// Counts (whole) keep whole numbers on the axis.
func newBarChart(title string, vals []crm.PeriodValue, label func(string) string, format func(float64) string, whole bool) *barChart {
	c := &barChart{Title: title, Width: chartWidth, Height: chartHeight, PlotLeft: chartLeft, BaseY: chartHeight - chartBottom}
	step := niceCeiling(maxValue(vals) / 4)
	if whole && step > 0 {
		step = math.Ceil(step)
	}
	top := step * 4
	plotH := c.BaseY - chartTop
	slot := (chartWidth - chartLeft - chartRight) / float64(max(len(vals), 1))
	every := max(1, int(math.Ceil(float64(len(vals))/6)))
	for i, v := range vals {
		h := 0.0
		if top > 0 {
			h = v.Value / top * plotH
		}
		x := chartLeft + float64(i)*slot + slot*0.15
		c.Bars = append(c.Bars, chartBar{X: x, Y: c.BaseY - h, W: slot * 0.7, H: h, Label: label(v.Label), Value: format(v.Value),
			ShowLabel: (len(vals)-1-i)%every == 0, LabelX: x + slot*0.35})
	}
	for i := 0; i <= 4; i++ {
		v := step * float64(i)
		c.Ticks = append(c.Ticks, chartTick{Y: c.BaseY - plotH*float64(i)/4, Label: format(v)})
	}
	return c
}

func maxValue(vals []crm.PeriodValue) float64 {
	m := 0.0
	for _, v := range vals {
		m = max(m, v.Value)
	}
	return m
}

// niceCeiling rounds v up to 1, 2, 2.5 or 5 times a power of ten, so the
// axis reads in round numbers; 0 stays 0.
func niceCeiling(v float64) float64 {
	if v <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// compact writes a figure for an axis or a bar: 950, 12.5k, 3.2M.
func compact(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(math.Round(v/1e5)/10, 'f', -1, 64) + "M"
	case v >= 1e4:
		return strconv.FormatFloat(math.Round(v/100)/10, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
