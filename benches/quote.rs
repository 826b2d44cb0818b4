//! Native quote benchmarks (criterion): compile, `quote`, `quote_json` and the
//! prepared-customer path for the typical and the large program and request, and quote
//! time against cart size. The inputs come from `support/gen.rs`, the same generator
//! `examples/bench_inputs.rs` uses to write them for the Node benchmarks.
//!
//! `cargo bench --bench quote` (or `bash scripts/bench.sh` for the whole suite).

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/gen.rs"]
mod gen;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use checkout_benefits::{parse_request, Engine, Request};
    use criterion::{BenchmarkId, Criterion, Throughput};

    use crate::gen;

    struct Input {
        program: String,
        request_text: String,
        engine: Engine,
        request: Request<'static>,
    }

    fn input(shape: gen::Shape) -> Input {
        let program = gen::program(shape).to_string();
        let request_text = gen::request(shape).to_string();
        let engine = Engine::from_json(&program).expect("the generated program compiles");
        let request = parse_request(&mut serde_json::Deserializer::from_str(&request_text))
            .expect("the generated request parses");
        engine
            .quote(&request)
            .expect("the generated request quotes");
        Input {
            program,
            request_text,
            engine,
            request,
        }
    }

    fn sizes(c: &mut Criterion, name: &str, shape: gen::Shape) {
        let inp = input(shape);
        let customer = inp
            .request
            .customer
            .as_ref()
            .expect("a registered customer");
        let prepared = inp
            .engine
            .prepare_customer(customer)
            .expect("the customer prepares");
        let mut g = c.benchmark_group(name);
        g.bench_function("compile", |b| {
            b.iter(|| Engine::from_json(black_box(&inp.program)).unwrap())
        });
        g.bench_function("quote", |b| {
            b.iter(|| inp.engine.quote(black_box(&inp.request)).unwrap())
        });
        g.bench_function("quote_json", |b| {
            b.iter(|| inp.engine.quote_json(black_box(&inp.request_text)).unwrap())
        });
        g.bench_function("quote_prepared", |b| {
            b.iter(|| {
                inp.engine
                    .quote_prepared(
                        Some(black_box(&prepared)),
                        inp.request.now,
                        black_box(&inp.request.cart),
                    )
                    .unwrap()
            })
        });
        g.bench_function("prepare_customer", |b| {
            b.iter(|| inp.engine.prepare_customer(black_box(customer)).unwrap())
        });
        g.finish();
    }

    fn lines(c: &mut Criterion) {
        let mut g = c.benchmark_group("lines");
        for n in gen::LINE_SERIES {
            let inp = input(gen::Shape {
                lines: n,
                ..gen::TYPICAL
            });
            g.throughput(Throughput::Elements(n as u64));
            g.bench_with_input(BenchmarkId::new("quote", n), &inp, |b, inp| {
                b.iter(|| inp.engine.quote(black_box(&inp.request)).unwrap())
            });
            g.bench_with_input(BenchmarkId::new("quote_json", n), &inp, |b, inp| {
                b.iter(|| inp.engine.quote_json(black_box(&inp.request_text)).unwrap())
            });
        }
        g.finish();
    }

    pub fn main() {
        let mut c = Criterion::default().configure_from_args();
        sizes(&mut c, "typical", gen::TYPICAL);
        sizes(&mut c, "large", gen::LARGE);
        lines(&mut c);
        c.final_summary();
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}
