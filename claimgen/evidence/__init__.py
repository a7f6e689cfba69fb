"""Evidence: intake with hashes and capture metadata, chain of custody, verification.

- :mod:`.hashing`  — one streaming SHA-256 pass per file (constant memory), MIME sniffed from its first bytes.
- :mod:`.metadata` — capture metadata (EXIF time, GPS, device; video/audio creation time and duration) and flags.
- :mod:`.intake`   — ``add_files``: find, hash, describe and register files in one atomic save.
- :mod:`.verify`   — ``verify``: re-hash every registered file; ok / CHANGED / MISSING.
- :mod:`.custody`  — ``log_events``: append chain-of-custody events, re-hashing at that moment.

Originals are only ever opened for reading: never modified, moved or re-encoded.
"""
