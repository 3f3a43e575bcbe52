// Package webhook is the wire format of magecrm's webhooks: how a delivery
// is signed (Sign), how a receiver checks it (Verify), how it is posted
// (Post) and which receivers it may reach (NewClient, PublicHost). The
// signature is an HMAC-SHA256 over the timestamp and the body, with the
// webhook's secret, in the Magecrm-Signature header:
//
//	Magecrm-Signature: t=1732999999,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
//
// where v1 is hex(HMAC-SHA256(secret, t + "." + body)). A receiver
// recomputes it and refuses a timestamp older than a few minutes, so a
// recorded delivery cannot be replayed later.
//
// Of magecrm, it imports nothing.
package webhook
