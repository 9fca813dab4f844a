package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"supple/internal/mailtest"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their files and a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// STARTTLS when the server offers it (this one refuses mail without it),
// TLS from the start for smtps://, and the server's certificate is checked.
func TestTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	for _, tt := range []struct {
		scheme string
		args   []string
	}{
		{"smtp", []string{"--tlscert", cert, "--tlskey", key}},
		{"smtps", []string{"--smtpscert", cert, "--smtpskey", key}},
	} {
		t.Run(tt.scheme, func(t *testing.T) {
			smtpd := mailtest.Start(t, tt.args...)
			srv, err := Parse(tt.scheme+"://"+smtpd.Addr, "back@clinic.example")
			if err != nil {
				t.Fatal(err)
			}
			srv.timeout = 5 * time.Second
			m := Message{To: "ann@example.org", Subject: "over TLS", Body: "hello"}
			if err := srv.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Errorf("an untrusted certificate was accepted: %v", err)
			}
			srv.tlsConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
			if err := srv.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			if got := smtpd.Wait(t, 1); got[0].Subject != "over TLS" {
				t.Errorf("received %+v", got)
			}
		})
	}
}
