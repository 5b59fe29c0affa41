package i18n

import "tuoyu/internal/domain"

// Notification says a stored notification in a language: its kind's title
// and body ("daily.notify.<kind>.title", ".body") with its arguments. A
// notification stored before arguments were kept has its Chinese title and
// body, shown as they are.
func Notification(lang string, n domain.Notification) domain.Notification {
	a := n.Args
	if a == nil || !Has("daily.notify."+n.Kind+".title") {
		return n
	}
	check := T(lang, "daily.check."+a.Check)
	n.Title = T(lang, "daily.notify."+n.Kind+".title", a.Child)
	n.Body = T(lang, "daily.notify."+n.Kind+".body", a.When, a.Child, check, a.Temperature)
	return n
}

// Notifications says each of a list in a language.
func Notifications(lang string, ns []domain.Notification) []domain.Notification {
	out := make([]domain.Notification, len(ns))
	for i, n := range ns {
		out[i] = Notification(lang, n)
	}
	return out
}
