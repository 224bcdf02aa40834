// Error factory: the legacy raven-go client (Debian's golang-github-getsentry-raven-go-dev).
//
//	SENTRY_DSN=http://key@127.0.0.1:PORT/1 ./factory SCENARIO
//
// Built without modules: GO111MODULE=off GOPATH=<build>:/usr/share/gocode go build.
package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	raven "github.com/getsentry/raven-go"
)

func divide(a, b int) (int, error) {
	if b == 0 {
		return 0, fmt.Errorf("cannot divide %d by zero", a)
	}
	return a / b, nil
}

// send captures a packet and waits until it is delivered.
func send(packet *raven.Packet, tags map[string]string) {
	_, ch := raven.Capture(packet, tags)
	if err := <-ch; err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func exceptionPacket(err error, extra raven.Extra, interfaces ...raven.Interface) *raven.Packet {
	trace := raven.GetOrNewStacktrace(err, 1, 3, []string{"factory"})
	all := append([]raven.Interface{raven.NewException(err, trace)}, interfaces...)
	return raven.NewPacketWithExtra(err.Error(), extra, all...)
}

var scenarios = map[string]func(){
	"captured_exception": func() {
		_, err := divide(1, 0)
		raven.CaptureErrorAndWait(err, nil)
	},
	"captured_message": func() {
		raven.CaptureMessageAndWait("hello from factory", nil)
	},
	"panic": func() {
		raven.CapturePanicAndWait(func() {
			var cart map[string]int
			cart["items"] = 1 // assignment to entry in nil map
		}, nil)
	},
	"rich_context": func() {
		_, err := divide(100, 0)
		packet := exceptionPacket(err, raven.Extra{"cart_items": 3},
			&raven.User{ID: "42", Username: "alice", Email: "alice@example.com"})
		send(packet, map[string]string{"customer_tier": "gold"})
	},
	"custom_fingerprint": func() {
		_, err := divide(5, 0)
		packet := exceptionPacket(err, nil)
		packet.Fingerprint = []string{"{{ default }}", "factory-salt"}
		send(packet, nil)
	},
	"long_value": func() {
		raven.CaptureErrorAndWait(errors.New(strings.Repeat("x", 20000)), nil)
	},
	"unicode": func() {
		raven.CaptureErrorAndWait(errors.New("ünïcödé ✓ 日本語 🚀 — Ωμέγα"), nil)
	},
}

func main() {
	if len(os.Args) != 2 || scenarios[os.Args[1]] == nil {
		names := make([]string, 0, len(scenarios))
		for name := range scenarios {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: factory {%s}\n", strings.Join(names, ","))
		os.Exit(2)
	}
	if err := raven.SetDSN(os.Getenv("SENTRY_DSN")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	raven.SetRelease("factory@1.0.0")
	raven.SetEnvironment("factory")
	scenarios[os.Args[1]]()
}
