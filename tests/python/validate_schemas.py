"""Checks rolelint's JSON Schemas with Python's `jsonschema` (run by tests/schema_validators.rs).

Usage: validate_schemas.py SCHEMA_DIR SAMPLES_JSON
Checks both schemas against the 2020-12 metaschema with format checking (a `pattern` that is
not a regex Python reads fails here), then prints, as JSON, whether an org file holding one
person with each sample id is valid.
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker

schema_dir = pathlib.Path(sys.argv[1])
samples = json.loads(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"))
schemas = {}
for name in ("org", "config"):
    schema = json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema, format_checker=FormatChecker())
    schemas[name] = schema
org = Draft202012Validator(schemas["org"], format_checker=FormatChecker())
verdicts = [org.is_valid({"version": 1, "people": [{"id": s}]}) for s in samples]
print(json.dumps(verdicts))
