//go:build !race

package render

// raceDetector is set when the tests run with the race detector, which
// multiplies the memory and time of pixel loops.
const raceDetector = false
