//! Errors: a rejected program or request, with a JSON path saying where.

use std::fmt;

use serde::Serialize;

/// Which kind of input was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The program (offer configuration) is malformed or inconsistent.
    InvalidProgram,
    /// The request (customer and cart) is malformed or does not fit the program.
    InvalidRequest,
    /// An input is larger than a configured limit.
    LimitExceeded,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidProgram => "invalid_program",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::LimitExceeded => "limit_exceeded",
        }
    }
}

/// One problem found in an input: `{ code, path, message }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Problem {
    pub code: ErrorCode,
    /// Where the problem is, e.g. `offers[0].brackets[1].minSubtotal` (empty for the root).
    pub path: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            code,
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Records a problem of a request, its path and message written only here. A quote's
/// checks call it where a valid request never goes: V8 compiles a Wasm function whole on
/// its first call, and the messages written out in the checks made much of the code every
/// first quote compiled. Called through `&dyn Fn`, their code stays in functions of their
/// own, compiled only for a problem.
#[cold]
#[inline(never)]
pub(crate) fn report(
    problems: &mut Vec<Problem>,
    code: ErrorCode,
    path: &dyn Fn() -> String,
    message: &dyn Fn() -> String,
) {
    problems.push(Problem::new(code, path(), message()));
}

/// A refused program or request: the first problem, plus every problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Error {
    pub code: ErrorCode,
    pub path: String,
    pub message: String,
    /// Every problem found (the first one is repeated in `code`, `path` and `message`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

impl Error {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            code,
            path: path.into(),
            message: message.into(),
            problems: Vec::new(),
        }
    }

    pub(crate) fn limit(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorCode::LimitExceeded, path, message)
    }

    /// Builds an error from a non-empty list of problems.
    pub(crate) fn from_problems(problems: Vec<Problem>) -> Error {
        let first = problems[0].clone();
        Error {
            code: first.code,
            path: first.path,
            message: first.message,
            problems,
        }
    }

    /// The problems as a list (a single-problem error gives a list of one).
    pub fn problems(&self) -> Vec<Problem> {
        if self.problems.is_empty() {
            vec![Problem::new(
                self.code,
                self.path.clone(),
                self.message.clone(),
            )]
        } else {
            self.problems.clone()
        }
    }

    /// The error as compact JSON `{"code","path","message"}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            format!(
                "{{\"code\":\"{}\",\"path\":\"\",\"message\":\"error\"}}",
                self.code.as_str()
            )
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(
                f,
                "{} at {}: {}",
                self.code.as_str(),
                self.path,
                self.message
            )
        }
    }
}

impl std::error::Error for Error {}

/// Turns a serde_json error of reading `text` into an error of the given code, the path
/// found by scanning the text up to where reading stopped.
pub(crate) fn from_json_error(code: ErrorCode, text: &str, err: &serde_json::Error) -> Error {
    let path = crate::jsonpath::path_at(text, err.line(), err.column());
    from_message(code, path, err.to_string())
}

pub(crate) fn from_message(code: ErrorCode, path: String, mut message: String) -> Error {
    // serde_json appends " at line X column Y" of the text it read; the path already says
    // where, and dropping it keeps messages identical for JSON text and JS objects.
    if let Some(pos) = message.rfind(" at line ") {
        if message[pos..].contains(" column ") {
            message.truncate(pos);
        }
    }
    if message.starts_with("unknown field") {
        message = message.replacen("unknown field", "unknown key", 1);
    }
    let code = if message.contains("limit") && message.contains("exceed") {
        ErrorCode::LimitExceeded
    } else {
        code
    };
    let path = with_named_key(path, &message);
    Error::new(code, path, message)
}

/// A missing, repeated or unknown key is reported at the key itself (`cart.lines[0].quantity`),
/// not at the object holding it.
fn with_named_key(path: String, message: &str) -> String {
    const NAMING: [&str; 4] = [
        "missing field `",
        "duplicate field `",
        "duplicate key `",
        "unknown key `",
    ];
    let Some(key) = NAMING.iter().find_map(|prefix| {
        let rest = message.strip_prefix(prefix)?;
        rest.split('`').next().filter(|k| !k.is_empty())
    }) else {
        return path;
    };
    if path.is_empty() {
        key.to_string()
    } else if path == key || path.ends_with(&format!(".{key}")) {
        path
    } else {
        format!("{path}.{key}")
    }
}
