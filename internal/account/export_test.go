package account

import "context"

// Tests give browsers device cookies and end their trust directly; in
// the product both happen inside a sign-in (startSession, store.SignIn).

// IssueDevice makes and stores a device cookie for userID.
func (s *Service) IssueDevice(ctx context.Context, userID int64) (string, error) {
	cookie, h, err := s.newDevice(ctx)
	if err != nil {
		return "", err
	}
	if err := s.db.CreateDevice(ctx, h, userID, s.now(), MaxDevices); err != nil {
		return "", err
	}
	return cookie, nil
}

// ForgetDevice ends the trust of a browser's device cookie for userID; an
// empty, forged or foreign cookie changes nothing.
func (s *Service) ForgetDevice(ctx context.Context, userID int64, cookie string) error {
	h, ok := s.deviceID(ctx, cookie)
	if !ok {
		return nil
	}
	return s.db.DeleteDevice(ctx, userID, h)
}
