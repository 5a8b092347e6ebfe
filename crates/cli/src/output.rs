//! Where data goes: stdout or `--output FILE`, with broken pipes recognised.

use anyhow::Context;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Opens the data sink: the file given with `--output`, else stdout.
pub(crate) fn open(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) if p != Path::new("-") => {
            let f = File::create(p)
                .with_context(|| format!("cannot create output file {}", p.display()))?;
            Box::new(BufWriter::with_capacity(1 << 16, f))
        }
        _ => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    })
}

/// Whether an error chain ends in a closed pipe (the reader went away: end quietly).
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The worker threads of `--jobs N` (default, or 0: one per core).
pub(crate) fn worker_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context as _;
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")
}
