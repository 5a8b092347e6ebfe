//! Reading inputs: paths and folders, and JSONL lines with a size cap that never buffers more than
//! the cap (a 50 MiB line costs 1 MiB of memory, not 50).

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

/// One line of input. `bytes` holds at most `max_bytes` bytes; `len` is the line's full length
/// (without its line ending).
pub(crate) struct Line {
    /// 1-based line number, counting blank lines.
    pub(crate) number: u64,
    /// The line's bytes, or its first `max_bytes + 1` bytes when it is too long.
    pub(crate) bytes: Vec<u8>,
    /// The full length of the line.
    pub(crate) len: u64,
}

/// Reads lines from a `BufRead`, keeping at most `max_bytes + 1` bytes of each.
pub(crate) struct LineReader<R> {
    inner: R,
    max_bytes: usize,
    number: u64,
    done: bool,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(inner: R, max_bytes: usize) -> Self {
        LineReader {
            inner,
            max_bytes,
            number: 0,
            done: false,
        }
    }

    /// How many lines have been read so far.
    pub(crate) fn lines_read(&self) -> u64 {
        self.number
    }

    /// The next line, or `None` at the end of the input.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line>> {
        if self.done {
            return Ok(None);
        }
        let keep = self.max_bytes.saturating_add(1);
        let mut bytes = Vec::new();
        let mut len: u64 = 0;
        let mut saw_any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.done = true;
                if !saw_any {
                    return Ok(None);
                }
                break;
            }
            saw_any = true;
            let (chunk, consumed, ended) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], i + 1, true),
                None => (buf, buf.len(), false),
            };
            len += chunk.len() as u64;
            if bytes.capacity() == 0 {
                // The whole line (usually) or its first chunk: allocate once, exactly.
                bytes.reserve_exact(chunk.len().min(keep));
            }
            if bytes.len() < keep {
                let room = keep - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            self.inner.consume(consumed);
            if ended {
                break;
            }
        }
        // A CRLF line ending is not part of the record.
        if len as usize == bytes.len() && bytes.last() == Some(&b'\r') {
            bytes.pop();
            len -= 1;
        }
        self.number += 1;
        // A UTF-8 byte-order mark (spreadsheet and Windows exports) opens the file, not the record.
        if self.number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
            len -= 3;
        }
        Ok(Some(Line {
            number: self.number,
            bytes,
            len,
        }))
    }
}

/// One input named on the command line (or found inside a folder argument).
#[derive(Clone, Debug)]
pub(crate) struct InputFile {
    /// The path as printed: as given, or the folder argument joined with the relative path.
    pub(crate) display: String,
    /// The path to open; `None` for stdin.
    pub(crate) path: Option<PathBuf>,
}

impl InputFile {
    /// Whether the input is a plain-text document (one document per file).
    pub(crate) fn is_txt(&self) -> bool {
        self.path
            .as_deref()
            .and_then(Path::extension)
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    }

    /// The folder that relative image paths in this input are relative to.
    pub(crate) fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }
}

/// Expands the command line's paths: `-` (or nothing) is stdin, folders are walked recursively in
/// sorted order keeping files whose extension is in `extensions`.
pub(crate) fn expand(paths: &[String], extensions: &[&str]) -> io::Result<Vec<InputFile>> {
    if paths.is_empty() {
        return Ok(vec![stdin_input()]);
    }
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(stdin_input());
            continue;
        }
        let path = PathBuf::from(p);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(&path, &mut found)?;
            found.sort();
            for f in found {
                let keep = f
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
                if keep {
                    out.push(InputFile {
                        display: f.display().to_string(),
                        path: Some(f),
                    });
                }
            }
        } else {
            out.push(InputFile {
                display: p.clone(),
                path: Some(path),
            });
        }
    }
    Ok(out)
}

fn stdin_input() -> InputFile {
    InputFile {
        display: "-".to_owned(),
        path: None,
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(&entry.path(), out)?;
        } else if ty.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(u64, Vec<u8>, u64)> {
        let mut r = LineReader::new(input, max);
        let mut out = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            out.push((l.number, l.bytes, l.len));
        }
        out
    }

    #[test]
    fn counts_every_line_and_strips_line_endings() {
        let got = lines(b"a\r\n\nbc\nlast", 100);
        assert_eq!(
            got,
            vec![
                (1, b"a".to_vec(), 1),
                (2, b"".to_vec(), 0),
                (3, b"bc".to_vec(), 2),
                (4, b"last".to_vec(), 4)
            ]
        );
        assert!(lines(b"", 10).is_empty());
        assert_eq!(lines(b"x\n", 10).len(), 1);
    }

    #[test]
    fn a_byte_order_mark_opening_the_file_is_dropped() {
        let got = lines(b"\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBFx\n", 100);
        assert_eq!(got[0], (1, b"{\"a\":1}".to_vec(), 7));
        assert_eq!(
            got[1].1,
            b"\xEF\xBB\xBFx".to_vec(),
            "only the file's first line"
        );
    }

    #[test]
    fn long_lines_keep_only_cap_plus_one_bytes() {
        let mut input = vec![b'x'; 10_000];
        input.extend_from_slice(b"\nok\n");
        // A tiny BufReader forces the line across many fill_buf calls.
        let r = std::io::BufReader::with_capacity(7, &input[..]);
        let mut reader = LineReader::new(r, 16);
        let long = reader.next_line().unwrap().unwrap();
        assert_eq!(long.len, 10_000);
        assert_eq!(long.bytes.len(), 17);
        let ok = reader.next_line().unwrap().unwrap();
        assert_eq!((ok.number, ok.bytes.as_slice()), (2, &b"ok"[..]));
        assert!(reader.next_line().unwrap().is_none());
    }
}
