package account

import "context"

type userKey struct{}

// WithUser returns a context that carries the signed-in user, so that
// the web pages and the API see the same person.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom is the signed-in user of a request's context, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}
