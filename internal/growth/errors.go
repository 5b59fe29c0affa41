package growth

// InputError reports a bad input to Assess. Field is the JSON name of the offending field
// (e.g. "weight_kg"), so that a caller can show the message next to it.
type InputError struct {
	Field   string
	Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

func inputErr(field, msg string) *InputError { return &InputError{Field: field, Message: msg} }
