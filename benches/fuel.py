"""Wasm instructions per quote, counted the way Shopify's function-runner counts them:
wasmtime fuel (one unit per executed Wasm operator), on the core built for wasm32-wasip1
(examples/wasi_quote.rs: the program from a file, the request on stdin, the quote on
stdout).

    python3 benches/fuel.py WASI_QUOTE.wasm INPUT_DIR OUT.json CASE...

For each case, runs in fresh stores: compile the program and read the request text only
(`--compile-only`), then the full run that also quotes; the difference is the quote. Two
more runs stop after parsing the request (`--until parse`) and after the pipeline
(`--until quote`), which splits the quote into reading, the pipeline and writing.
Two runs with a prepared customer (`--prepared`, quoting once and twice) differ by one
quote of the package's `quoteForJson` path: the cart read, the pipeline, the quote
written.
"""

import json
import os
import sys
import tempfile

from wasmtime import Config, Engine, ExitTrap, Linker, Module, Store, WasiConfig

FUEL = 2**63 - 1


def run(engine, module, input_dir, case, *flags):
    linker = Linker(engine)
    linker.define_wasi()
    store = Store(engine)
    wasi = WasiConfig()
    args = ["wasi_quote", f"/in/{case}-program.json"]
    args.extend(flags)
    wasi.argv = args
    wasi.preopen_dir(input_dir, "/in")
    wasi.stdin_file = os.path.join(input_dir, f"{case}-request.json")
    out = tempfile.NamedTemporaryFile(delete=False)
    out.close()
    wasi.stdout_file = out.name
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    store.set_fuel(FUEL)
    instance = linker.instantiate(store, module)
    code = 0
    try:
        instance.exports(store)["_start"](store)
    except ExitTrap as e:
        code = e.code
    used = FUEL - store.get_fuel()
    with open(out.name, encoding="utf-8") as f:
        text = f.read().strip()
    os.unlink(out.name)
    if code != 0:
        raise SystemExit(f"fuel: {case} exited with status {code}")
    return used, text


def main():
    wasm, input_dir, out_path, *cases = sys.argv[1:]
    config = Config()
    config.consume_fuel = True
    engine = Engine(config)
    module = Module.from_file(engine, wasm)
    results = {"wasm": wasm, "wasmBytes": os.path.getsize(wasm), "cases": {}}
    for case in cases:
        base, _ = run(engine, module, input_dir, case, "--compile-only")
        parsed, _ = run(engine, module, input_dir, case, "--until", "parse")
        quoted, _ = run(engine, module, input_dir, case, "--until", "quote")
        total, quote = run(engine, module, input_dir, case)
        once, prepared_quote = run(engine, module, input_dir, case, "--prepared")
        twice, _ = run(engine, module, input_dir, case, "--prepared", "--repeat", "2")
        with open(os.path.join(input_dir, f"{case}-quote.json"), encoding="utf-8") as f:
            expected = f.read().strip()
        results["cases"][case] = {
            "compileAndReadInstructions": base,
            "totalInstructions": total,
            "quoteInstructions": total - base,
            "readInstructions": parsed - base,
            "pipelineInstructions": quoted - parsed,
            "writeInstructions": total - quoted,
            "preparedQuoteInstructions": twice - once,
            "sameQuoteAsNative": quote == expected,
            "samePreparedQuoteAsNative": prepared_quote == expected,
        }
        print(f"[fuel] {case}: quote {total - base:,} instructions "
              f"(whole run {total:,}; same quote as native: {quote == expected}); "
              f"prepared customer: {twice - once:,} (same quote: {prepared_quote == expected})",
              file=sys.stderr)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
