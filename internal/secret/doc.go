// Package secret holds the instance secret and encrypts stored credentials
// with it (AES-256-GCM). The secret comes from MAGECRM_SECRET or from a file
// in the data folder generated on first start with mode 0600.
//
// Of magecrm, it imports nothing.
package secret
