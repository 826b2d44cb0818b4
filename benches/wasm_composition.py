"""What the shipped `.wasm` is made of: its bytes by section, and its code by origin.

    python3 benches/wasm_composition.py SHIPPED.wasm NAMED.wasm OUT.json

SHIPPED is the package's module; NAMED is the same module optimised the same way with
its function names kept (`wasm-opt -g`). Names only add a custom section, so the two
code sections must be the same size (checked). Each function's body is attributed to a
part of the engine or to a library by its (mangled) name: a function that inlined
others counts wholly for its own name.
"""

import json
import re
import sys


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sections(data):
    """(id, custom name or None, body) of each section."""
    if data[:4] != b"\0asm":
        raise SystemExit("not a WebAssembly module")
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        body = data[i : i + size]
        i += size
        name = None
        if sid == 0:
            n, j = leb(body, 0)
            name = body[j : j + n].decode("utf-8", "replace")
        yield sid, name, body


def imported_functions(body):
    count, i = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            n, i = leb(body, i)
            i += n
        kind = body[i]
        i += 1
        if kind == 0:
            _, i = leb(body, i)
            functions += 1
        elif kind == 1:
            i += 1
            flags = body[i]
            _, i = leb(body, i + 1)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 2:
            flags = body[i]
            _, i = leb(body, i + 1)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 3:
            i += 2
        else:
            _, i = leb(body, i)
    return functions


def body_sizes(body):
    count, i = leb(body, 0)
    sizes = []
    for _ in range(count):
        size, i = leb(body, i)
        sizes.append(size)
        i += size
    return sizes


def function_names(body):
    _, i = leb(body, 0)
    i += len("name")
    names = {}
    while i < len(body):
        sub = body[i]
        size, i = leb(body, i + 1)
        part = body[i : i + size]
        i += size
        if sub == 1:
            count, j = leb(part, 0)
            for _ in range(count):
                index, j = leb(part, j)
                n, j = leb(part, j)
                names[index] = part[j : j + n].decode("utf-8", "replace")
                j += n
    return names


ENGINE_PARTS = [
    ("pipeline", "the quote pipeline"),
    ("jsondoc", "hand-written reader of programs and of requests the fast reader declines"),
    ("jsontext", "hand-written reader of programs and of requests the fast reader declines"),
    ("program::read", "hand-written reader of programs and of requests the fast reader declines"),
    ("request_read", "hand-written reader of programs and of requests the fast reader declines"),
    ("program", "program checks and compiler"),
    ("reader", "fast request reader"),
    ("engine", "engine entry points (reading, digesting a customer)"),
    ("profile", "engine entry points (reading, digesting a customer)"),
    ("condition", "segment rules"),
    ("quote", "quote writer"),
    ("jsonout", "quote writer"),
    ("ledger", "points ledger and cumulative recalculation"),
    ("recalc", "points ledger and cumulative recalculation"),
    ("money", "money and decimals (engine side)"),
    ("dates", "dates"),
    ("sorting", "sorting"),
    ("card", "discount cards"),
    ("error", "errors and JSON paths"),
    ("jsonpath", "errors and JSON paths"),
    ("wasm", "JavaScript bindings"),
]


def origin(name, is_export):
    """The part of the engine or the library a function comes from."""
    # A symbol's hash (`::h0123456789abcdef`) could hold `f32` or `f64`.
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    low = name.lower()
    if "serde" in low or "deserializ" in low or "visitor" in low:
        return "serde and serde_json (JSON values, writing errors and the points report, serde's wording)"
    if "zmij" in name:
        return "zmij (a float's shortest digits)"
    if any(k in name for k in ("flt2dec", "dec2flt", "f64$u20$as", "f64 as", "f32", "float")):
        return "core: floating-point formatting"
    if "rust_decimal" in name:
        return "rust_decimal"
    if re.search(r"(^|[^a-z_])time(\.\.|::|\d)|4time", name):
        return "time (RFC 3339 dates)"
    if "dlmalloc" in name or "recycle" in name:
        return "allocator (dlmalloc, and the engine's lists of freed blocks over it)"
    if "hashbrown" in name:
        return "hash tables (hashbrown)"
    if "compact_str" in name:
        return "inline strings (compact_str)"
    if is_export or "wasm_bindgen" in name or "__wbindgen" in name or "js_sys" in name:
        return "JavaScript entry points (and what is inlined into them)"
    if "checkout_benefits" in name:
        for module, label in ENGINE_PARTS:
            if re.search(r"checkout_benefits(\.\.|::|\d+)" + module, name):
                return "engine: " + label
        return "engine: other"
    return "core, alloc, std (formatting, strings, collections, panics)"


def exported_names(body):
    count, i = leb(body, 0)
    names = set()
    for _ in range(count):
        n, i = leb(body, i)
        names.add(body[i : i + n].decode("utf-8", "replace"))
        i += n + 1
        _, i = leb(body, i)
    return names


def main():
    shipped_path, named_path, out_path = sys.argv[1:4]
    shipped = open(shipped_path, "rb").read()
    named = open(named_path, "rb").read()

    by_section = {}
    for sid, custom, body in sections(shipped):
        label = {1: "types", 2: "imports", 3: "functions", 7: "exports", 10: "code", 11: "data"}.get(
            sid, f"custom: {custom}" if sid == 0 else "other"
        )
        by_section[label] = by_section.get(label, 0) + len(body)

    imports = 0
    sizes = []
    names = {}
    exports = set()
    code_section_named = 0
    for sid, custom, body in sections(named):
        if sid == 2:
            imports = imported_functions(body)
        elif sid == 7:
            exports = exported_names(body)
        elif sid == 10:
            sizes = body_sizes(body)
            code_section_named = len(body)
        elif sid == 0 and custom == "name":
            names = function_names(body)
    if not names:
        raise SystemExit(f"{named_path} has no function names (optimise it with wasm-opt -g)")

    parts = {}
    for k, size in enumerate(sizes):
        name = names.get(imports + k, "")
        # wasm-bindgen names an export's shim after the export.
        label = origin(name, any(name.startswith(e) for e in exports))
        part = parts.setdefault(label, {"bytes": 0, "functions": 0})
        part["bytes"] += size
        part["functions"] += 1

    result = {
        "shippedBytes": len(shipped),
        "sections": by_section,
        "codeBytes": by_section.get("code", 0),
        "sameCodeAsShipped": code_section_named == by_section.get("code", 0),
        "code": sorted(
            ({"part": k, **v} for k, v in parts.items()), key=lambda p: -p["bytes"]
        ),
    }
    with open(out_path, "w") as f:
        json.dump(result, f, indent=2)
    for p in result["code"]:
        print(f"[wasm-composition] {p['bytes']:>8,} B  {p['functions']:>4} functions  {p['part']}", file=sys.stderr)


if __name__ == "__main__":
    main()
