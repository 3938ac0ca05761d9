// Package e2e holds end-to-end fault tests that run the real vitrine
// binary as a user would, against a folder and against versitygw: through
// a proxy that fails requests, and with kill -9 at random moments. It has
// no code of its own outside its tests.
package e2e
