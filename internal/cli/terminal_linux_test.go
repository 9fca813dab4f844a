package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair with the standard library only.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminals here: %v", err)
	}
	var unlock, n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal(e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// A password typed on a terminal for user password is not echoed (review
// finding 9), and it is set.
func TestUserPasswordTypedOnATerminalIsNotEchoed(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SUPPLE_DATA": data}
	if code, _, errOut := runCLI(t, env, "a long enough secret\n", "user", "add", "-email", "ann@example.org"); code != 0 {
		t.Fatalf("user add: %d %q", code, errOut)
	}
	master, slave := openPTY(t)
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Main(context.Background(), []string{"user", "password", "-email", "ann@example.org"}, func(k string) string { return env[k] }, slave, &out, &errb)
	}()
	// Type once the command reads: when the terminal stops echoing, or
	// after a while if it never does (then the echo shows below).
	for i := 0; i < 200 && echoes(t, slave); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := master.WriteString("typed secret passphrase\n"); err != nil {
		t.Fatal(err)
	}
	code := <-done
	if code != 0 || !strings.Contains(out.String(), "password set for ann@example.org") || !strings.Contains(errb.String(), "not shown") {
		t.Fatalf("user password on a terminal: %d %q %q", code, out.String(), errb.String())
	}
	// What the terminal showed: anything echoed, then a marker.
	if _, err := slave.WriteString("END-OF-SCREEN\n"); err != nil {
		t.Fatal(err)
	}
	var screen strings.Builder
	r := bufio.NewReader(master)
	for !strings.Contains(screen.String(), "END-OF-SCREEN") {
		line, err := r.ReadString('\n')
		screen.WriteString(line)
		if err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(screen.String(), "typed secret") {
		t.Errorf("the password was echoed: %q", screen.String())
	}
}

// echoes says whether the terminal echoes what is typed.
func echoes(t *testing.T, f *os.File) bool {
	var tio syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); e != 0 {
		t.Fatal(e)
	}
	return tio.Lflag&syscall.ECHO != 0
}
