// Error factory: sentry-go 0.11 (Debian's golang-github-getsentry-sentry-go-dev).
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
	"time"

	"github.com/getsentry/sentry-go"
)

type divisionError struct{ numerator int }

func (e *divisionError) Error() string { return fmt.Sprintf("cannot divide %d by zero", e.numerator) }

func divide(a, b int) (int, error) {
	if b == 0 {
		return 0, &divisionError{a}
	}
	return a / b, nil
}

func loadSetting(settings map[string]string, key string) (string, error) {
	value, ok := settings[key]
	if !ok {
		return "", fmt.Errorf("missing setting %q: %w", key, errors.New("key not found"))
	}
	return value, nil
}

func recurse(depth int) int {
	if depth == 0 {
		panic("deep recursion: reached the bottom")
	}
	return recurse(depth-1) + 1
}

func capturePanic(f func()) {
	defer func() {
		if err := recover(); err != nil {
			sentry.CurrentHub().Recover(err)
		}
	}()
	f()
}

var scenarios = map[string]func(){
	"captured_exception": func() {
		_, err := divide(1, 0)
		sentry.CaptureException(err)
	},
	"chained_exception": func() {
		_, err := loadSetting(map[string]string{"debug": "1"}, "database_url")
		sentry.CaptureException(fmt.Errorf("could not start: %w", err))
	},
	"captured_message": func() {
		sentry.CaptureMessage("hello from factory")
	},
	"panic": func() {
		capturePanic(func() {
			var cart map[string]int
			cart["items"] = 1 // assignment to entry in nil map
		})
	},
	"rich_context": func() {
		sentry.AddBreadcrumb(&sentry.Breadcrumb{Category: "auth", Message: "user logged in", Level: sentry.LevelInfo})
		sentry.ConfigureScope(func(scope *sentry.Scope) {
			scope.SetTag("customer_tier", "gold")
			scope.SetUser(sentry.User{ID: "42", Username: "alice", Email: "alice@example.com"})
			scope.SetExtra("cart_items", 3)
			scope.SetContext("character", map[string]interface{}{"name": "Mighty Fighter", "age": 19})
		})
		_, err := divide(100, 0)
		sentry.CaptureException(err)
	},
	"custom_fingerprint": func() {
		sentry.WithScope(func(scope *sentry.Scope) {
			scope.SetFingerprint([]string{"{{ default }}", "factory-salt"})
			_, err := divide(5, 0)
			sentry.CaptureException(err)
		})
	},
	"deep_recursion": func() {
		capturePanic(func() { recurse(1000) })
	},
	"long_value": func() {
		sentry.CaptureException(errors.New(strings.Repeat("x", 20000)))
	},
	"unicode": func() {
		sentry.CaptureException(errors.New("ünïcödé ✓ 日本語 🚀 — Ωμέγα"))
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
	err := sentry.Init(sentry.ClientOptions{
		Dsn:         os.Getenv("SENTRY_DSN"),
		Release:     "factory@1.0.0",
		Environment: "factory",
		ServerName:  "factory-host",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scenarios[os.Args[1]]()
	if !sentry.Flush(10 * time.Second) {
		fmt.Fprintln(os.Stderr, "flush timed out")
		os.Exit(1)
	}
}
