// Package validate carries field-level validation errors from the domain
// to the web and API layers, which show them next to the field or in a
// problem+json body.
package validate

import "strings"

// FieldError is one invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Errors lists invalid fields in the order they were found.
type Errors []FieldError

// Add records that field is invalid.
func (e *Errors) Add(field, message string) { *e = append(*e, FieldError{field, message}) }

// Err returns e as an error, or nil when nothing is invalid.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, f := range e {
		switch {
		case f.Field == "" || strings.HasPrefix(strings.ToLower(f.Message), f.Field):
			parts[i] = f.Message
		default:
			parts[i] = f.Field + ": " + f.Message
		}
	}
	return strings.Join(parts, "; ")
}

// For returns the message for field, or "".
func (e Errors) For(field string) string {
	for _, f := range e {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}
