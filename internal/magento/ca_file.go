package magento

import (
	"crypto/x509"
	"fmt"
	"io"
	"os"
)

// maxCAFile is the largest CA file read.
const maxCAFile = 1 << 20

// CAFileError says that a CA file cannot be used, without saying which
// operating system error stood in the way: the path is typed by a user,
// and the answer must not tell whether another file exists or what it holds.
type CAFileError struct{ Path string }

func (e *CAFileError) Error() string {
	return fmt.Sprintf("Magecrm cannot use %s as a CA file: give the path of a readable PEM file of at most 1 MiB.", e.Path)
}

// CAPool reads a PEM file of certificate authorities — a regular file of
// at most 1 MiB — and returns the system's authorities with its own.
func CAPool(path string) (*x509.CertPool, error) {
	pem, err := readCAFile(path)
	if err != nil {
		return nil, &CAFileError{Path: path}
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, &CAFileError{Path: path}
	}
	return pool, nil
}

// readCAFile reads a regular file of at most maxCAFile bytes: a device, a
// pipe or a directory is refused before it is opened.
func readCAFile(path string) ([]byte, error) {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	b, err := io.ReadAll(io.LimitReader(f, maxCAFile+1))
	if err == nil && len(b) > maxCAFile {
		err = fmt.Errorf("larger than %d bytes", maxCAFile)
	}
	return b, err
}
