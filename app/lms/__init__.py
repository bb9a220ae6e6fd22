"""LMS Pamong Desa: the certificate contract, the HTTP adapter, and a bundled simulator.

- `contract`: identities, certificates, lookup outcomes and the four result codes.
- `config`: `LmsSettings` from the environment (base URL, auth, timeouts, retries, field mapping).
- `client`: the `LmsClient` protocol, the httpx adapter, a fake, and `check_many` with a cache protocol.
- `simulator`: a real HTTP server speaking the contract, for development, demos, tests and benchmarks.

Nothing here touches the database; DB-backed jobs and caches live elsewhere and plug into `check_many`.
"""
