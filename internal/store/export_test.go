package store

// SetExportChunk makes an export read n customers a chunk until the
// returned function puts the size back.
func SetExportChunk(n int) (restore func()) {
	old := exportChunk
	exportChunk = n
	return func() { exportChunk = old }
}
