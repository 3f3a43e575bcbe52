package magesim

import (
	"bytes"
	"encoding/json"
	"strings"
)

// fieldSpec is a parsed `fields` parameter: the keys to keep, each with the
// keys to keep below it (nil keeps everything below).
type fieldSpec map[string]fieldSpec

// parseFieldSpec reads Magento's partial-response syntax, e.g.
// "items[entity_id,increment_id,addresses[city]],total_count".
func parseFieldSpec(s string) fieldSpec {
	spec, _ := parseFieldList(s)
	return spec
}

func parseFieldList(s string) (fieldSpec, string) {
	spec := fieldSpec{}
	for s != "" {
		i := strings.IndexAny(s, ",[]")
		if i < 0 {
			i = len(s)
		}
		name := strings.TrimSpace(s[:i])
		s = s[i:]
		var sub fieldSpec
		if strings.HasPrefix(s, "[") {
			sub, s = parseFieldList(s[1:])
		}
		if name != "" {
			spec[name] = sub
		}
		switch {
		case strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, "]"):
			return spec, s[1:]
		}
	}
	return spec, s
}

// filterFields keeps only the requested fields of an answer
// (Webapi/Rest/Response/FieldsFilter): objects lose the other keys, lists
// are filtered element by element.
func filterFields(body []byte, spec string) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	out, err := copyFiltered(dec, parseFieldSpec(spec), make([]byte, 0, len(body)))
	if err != nil {
		return body
	}
	return out
}

func copyFiltered(dec *json.Decoder, spec fieldSpec, b []byte) ([]byte, error) {
	tok, err := dec.Token()
	if err != nil {
		return b, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			b = append(b, '[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					b = append(b, ',')
				}
				if b, err = copyFiltered(dec, spec, b); err != nil {
					return b, err
				}
			}
			dec.Token()
			return append(b, ']'), nil
		}
		b = append(b, '{')
		first := true
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return b, err
			}
			key := kt.(string)
			sub, keep := spec[key]
			if spec != nil && !keep {
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return b, err
				}
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(appendString(b, key), ':')
			if b, err = copyFiltered(dec, sub, b); err != nil {
				return b, err
			}
		}
		dec.Token()
		return append(b, '}'), nil
	case json.Number:
		return append(b, t.String()...), nil
	}
	return appendValue(b, tok), nil
}
