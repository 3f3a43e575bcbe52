// Package files keeps attachment files in one folder: a file is written to
// a temporary ".part" name, fsynced, and renamed to its random storage name
// once its database row is committed; Sweep finishes or removes what a crash
// left half done. Of magecrm, it imports nothing.
package files
