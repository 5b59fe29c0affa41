//go:build race

package demo_test

// The race detector makes the embedded SQLite engine (pure Go) about ten
// times slower; with it the database tests generate a fifth of Yan'an
// with a shorter history. TestOperationsPlan checks the plan at scale 1
// in every build.
const raceDetector = true
