module github.com/dialpad-community/dialpad-go/dialpad-mcp

go 1.26.0

// The SDK and its redislimit module come from this repository.
replace (
	github.com/dialpad-community/dialpad-go => ../
	github.com/dialpad-community/dialpad-go/contrib/redislimit => ../contrib/redislimit
)

require (
	github.com/dialpad-community/dialpad-go v0.0.0-00010101000000-000000000000
	github.com/dialpad-community/dialpad-go/contrib/redislimit v0.0.0-00010101000000-000000000000
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/google/jsonschema-go v0.4.3
	github.com/modelcontextprotocol/go-sdk v1.8.0
	github.com/redis/go-redis/v9 v9.23.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-redis/redis_rate/v10 v10.0.1 // indirect
	github.com/segmentio/asm v1.1.3 // indirect
	github.com/segmentio/encoding v0.5.4 // indirect
	github.com/yosida95/uritemplate/v3 v3.0.2 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/oauth2 v0.35.0 // indirect
	golang.org/x/sync v0.20.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/time v0.16.0 // indirect
)
