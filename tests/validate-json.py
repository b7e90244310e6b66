#!/usr/bin/python3
"""validate-json.py SCHEMA [--def NAME] [--lines] FILE...

Check winseed's JSON output against the schema it ships (data/winseed.schema.json).
Without --def a file is checked as the envelope of --json and --report; --def NAME checks it
against one of the schema's $defs (batch_summary, event, ...).  --lines: one document per
non-empty line (JSON Lines: --machine-readable and batch's event stream).
Exit 0 when every document is valid, 1 with one line per problem otherwise.
"""
import json
import sys

import jsonschema


def main(argv):
    args = argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args.pop(0), encoding="utf-8") as f:
        schema = json.load(f)
    definition, lines, files = None, False, []
    while args:
        a = args.pop(0)
        if a == "--def":
            definition = args.pop(0)
        elif a == "--lines":
            lines = True
        else:
            files.append(a)
    if definition is not None:
        if definition not in schema.get("$defs", {}):
            print(f"validate-json: the schema has no $defs/{definition}", file=sys.stderr)
            return 2
        # The same schema with one definition as its root: refs inside keep resolving.
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"],
                  "$ref": "#/$defs/" + definition}
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        docs = [(n + 1, line) for n, line in enumerate(text.splitlines()) if line.strip()] \
            if lines else [(0, text)]
        if not docs:
            print(f"{path}: no JSON document", file=sys.stderr)
            bad += 1
        for n, doc in docs:
            where = f"{path}:{n}" if lines else path
            try:
                instance = json.loads(doc)
            except ValueError as e:
                print(f"{where}: not JSON: {e}", file=sys.stderr)
                bad += 1
                continue
            for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
                at = "/".join(str(p) for p in e.absolute_path) or "(root)"
                print(f"{where}: {at}: {e.message}", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
