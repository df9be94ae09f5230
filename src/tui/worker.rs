//! The I/O worker: saves, looks at the file on disk and hashes evidence off the UI thread.
//!
//! Why a thread of its own: serialising and writing a large workbook takes long enough that
//! keys typed meanwhile would wait behind it. The event loop hands over a snapshot (an
//! `Arc`, shared with the signal thread's rescue copy, so it is held once) and keeps taking
//! keys; the worker takes the write lock, compares the file's content with what the app
//! last read (a change behind its back is handed back to be merged, never overwritten),
//! streams the canonical text to a temporary file while hashing it, renames it into place
//! and reports the fingerprint of what it wrote, so the app never reads its own save back.
//! Reading, parsing and hashing a changed file (a reload) and re-hashing evidence files run
//! here too, so no key waits behind I/O; the loop applies what comes back.
//! One job runs at a time; edits made meanwhile go into the next save. A [`Saver::manual`]
//! worker runs its job only when a test says so, so tests need neither threads nor sleeps.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::terminal::Gate;
use crate::model::Workbook;
use crate::store::watch::{self, Change, Fingerprint};
use crate::store::{self, StoreError};

/// One save to carry out.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: PathBuf,
    /// What to write, and the history revision it is.
    pub snapshot: Arc<Workbook>,
    pub revision: u64,
    /// The file as the app last read or wrote it; `None`: not watched, write blindly.
    pub known: Option<Fingerprint>,
    /// How long to wait for another writer's save.
    pub wait: Duration,
}

/// A look at the file on disk (an idle poll, or `R`).
#[derive(Debug, Clone)]
pub struct Look {
    pub path: PathBuf,
    /// The file as the app last read or wrote it.
    pub known: Fingerprint,
    /// The fingerprint is due to be retaken once so its metadata can be trusted.
    pub settle: bool,
    /// `R`: read the file whatever its metadata says.
    pub force: bool,
}

/// Which hashed evidence files changed: the workbook's path, the entries and their key.
#[derive(Debug, Clone)]
pub struct Hashing {
    pub path: PathBuf,
    pub snapshot: Arc<Workbook>,
    pub key: u64,
}

/// An audit package to write: the workbook as the app holds it, and where to.
#[derive(Debug, Clone)]
pub struct Export {
    pub path: PathBuf,
    pub snapshot: Arc<Workbook>,
    pub out: PathBuf,
    /// The day to date it by when the workbook is not in git (in git: the commit's date).
    pub today: crate::model::Date,
}

/// Work for the worker.
#[derive(Debug, Clone)]
pub enum Task {
    Save(Job),
    Look(Look),
    Drift(Hashing),
    Export(Export),
}

/// What kind of job is in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Save,
    Look,
    Drift,
    Export,
}

impl Task {
    fn kind(&self) -> TaskKind {
        match self {
            Task::Save(_) => TaskKind::Save,
            Task::Look(_) => TaskKind::Look,
            Task::Drift(_) => TaskKind::Drift,
            Task::Export(_) => TaskKind::Export,
        }
    }
}

/// What a look found.
#[derive(Debug)]
pub enum Looked {
    /// Nothing changed; a retaken fingerprint of the same content, if one was taken.
    Same(Option<Fingerprint>),
    /// Touched or rewritten with the same bytes.
    Touched(Fingerprint),
    /// New content: parsed (or why it does not load), with its fingerprint.
    Changed {
        parsed: Result<Workbook, StoreError>,
        fingerprint: Fingerprint,
    },
    /// `R`: what the file holds, whatever it is.
    Read {
        parsed: Result<Workbook, StoreError>,
        fingerprint: Fingerprint,
    },
    /// The file is not there.
    Gone,
    /// It could not be looked at or read: what to tell the person.
    Failed(String),
}

/// What became of a job.
#[derive(Debug)]
pub enum Outcome {
    /// `snapshot` (revision `revision`) is on disk, with this fingerprint (`None` when the
    /// file's metadata could not be read back; the next look reads it).
    Saved {
        snapshot: Arc<Workbook>,
        revision: u64,
        fingerprint: Option<Fingerprint>,
    },
    /// Someone else changed the file since the app read it: nothing was written; the app
    /// merges what is on disk (parsed, or why it does not load) and saves again.
    Changed {
        parsed: Result<Workbook, StoreError>,
        fingerprint: Fingerprint,
    },
    /// The save failed; the edits are still only in memory.
    Failed(StoreError),
    /// A look at the file came back.
    Looked(Looked),
    /// The drifted evidence of the entries with this key.
    Drifted {
        key: u64,
        found: Vec<crate::evidence::DriftedEvidence>,
        /// Each policy file's state.
        files: std::collections::BTreeMap<String, crate::analysis::policy::FileNow>,
    },
    /// The audit package: how many files went where, or why it could not be written.
    Exported(Result<(PathBuf, usize), String>),
}

/// Counts and hashes what passes through, so the bytes written need not be read back.
struct Tee<'a> {
    inner: &'a mut dyn std::io::Write,
    hasher: Sha256,
    size: u64,
}

impl std::io::Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `wb` to `path` atomically (the caller holds the write lock), hashing the text as it streams; returns
/// its size and SHA-256.
pub fn write_hashed(path: &Path, wb: &Workbook) -> Result<(u64, [u8; 32]), StoreError> {
    let mut digest = None;
    store::write_atomic_streamed(path, |out| {
        let mut h = Tee {
            inner: out,
            hasher: Sha256::new(),
            size: 0,
        };
        store::write_canonical(wb, &mut h)?;
        digest = Some((h.size, h.hasher.finalize().into()));
        Ok(())
    })?;
    digest.ok_or_else(|| StoreError::Io {
        path: path.to_path_buf(),
        action: "write",
        source: std::io::Error::other("nothing was written"),
    })
}

/// Carries a job out (on whichever thread calls it).
pub fn run(task: &Task, gate: &Gate) -> Outcome {
    match task {
        Task::Save(job) => perform(job, gate),
        Task::Look(look) => Outcome::Looked(look_at(look)),
        Task::Drift(h) => Outcome::Drifted {
            key: h.key,
            found: crate::evidence::drifted(&h.path, &h.snapshot),
            files: super::drift::policy_files(&h.path, &h.snapshot),
        },
        Task::Export(x) => Outcome::Exported(export(x)),
    }
}

/// Writes the audit package of the app's workbook (the same package `soc2 export` writes).
fn export(x: &Export) -> Result<(PathBuf, usize), String> {
    let today = x.today;
    let prepared =
        crate::export::source::prepare_loaded(&x.path, (*x.snapshot).clone(), None, || today);
    let files =
        crate::export::source::export_to(&prepared, &x.out, &[], env!("CARGO_PKG_VERSION"))?;
    Ok((x.out.clone(), files.len()))
}

/// Looks at the file as the UI thread used to, reading and parsing it only if it changed.
fn look_at(look: &Look) -> Looked {
    let path = &look.path;
    let cannot_read =
        |e: std::io::Error| Looked::Failed(format!("cannot read {}: {e}", path.display()));
    if look.force {
        return match read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Looked::Gone,
            Err(e) => cannot_read(e),
            Ok((parsed, fingerprint)) => Looked::Read {
                parsed,
                fingerprint,
            },
        };
    }
    match watch::changed_since(path, &look.known) {
        Err(e) => Looked::Failed(format!("cannot look at {}: {e}", path.display())),
        Ok(Change::Gone) => Looked::Gone,
        Ok(Change::Touched(fp)) => Looked::Touched(fp),
        Ok(Change::Same) if !look.settle => Looked::Same(None),
        Ok(Change::Same) => match Fingerprint::of_file(path) {
            Ok(fp) if fp.sha256 == look.known.sha256 => Looked::Same(Some(fp)),
            // Changed within the racy window: read it like any change.
            Ok(_) => match read(path) {
                Ok((parsed, fingerprint)) => Looked::Changed {
                    parsed,
                    fingerprint,
                },
                Err(_) => Looked::Same(None),
            },
            Err(_) => Looked::Same(None),
        },
        Ok(Change::Changed(_)) => match read(path) {
            Ok((parsed, fingerprint)) => Looked::Changed {
                parsed,
                fingerprint,
            },
            Err(e) => cannot_read(e),
        },
    }
}

/// Carries a save out (on whichever thread calls it), holding the gate the signal thread
/// waits on while it writes.
pub fn perform(job: &Job, gate: &Gate) -> Outcome {
    let _writing = gate.writing();
    match save(job) {
        Ok(Outcome::Saved {
            snapshot,
            revision,
            fingerprint,
        }) => {
            if let Some(fp) = &fingerprint {
                gate.written(&snapshot, fp);
            }
            Outcome::Saved {
                snapshot,
                revision,
                fingerprint,
            }
        }
        Ok(other) => other,
        Err(e) => Outcome::Failed(e),
    }
}

fn save(job: &Job) -> Result<Outcome, StoreError> {
    let path = &job.path;
    let guard = store::lock_for_write(path, job.wait)?;
    let io = |source| StoreError::Io {
        path: path.clone(),
        action: "read",
        source,
    };
    if let Some(known) = &job.known
        && let Change::Changed(_) = watch::changed_content(path, known).map_err(io)?
    {
        let (parsed, fingerprint) = read(path).map_err(io)?;
        return Ok(Outcome::Changed {
            parsed,
            fingerprint,
        });
    }
    let (size, sha256) = write_hashed(guard.path(), &job.snapshot)?;
    let fingerprint = Fingerprint::of_written(path, size, sha256).ok();
    drop(guard);
    Ok(Outcome::Saved {
        snapshot: Arc::clone(&job.snapshot),
        revision: job.revision,
        fingerprint,
    })
}

/// The file's fingerprint, then its content (in this order: if it changes in between, the
/// fingerprint is the older one and the next look reads it again).
pub fn read(path: &Path) -> std::io::Result<(Result<Workbook, StoreError>, Fingerprint)> {
    let fingerprint = Fingerprint::of_file(path)?;
    Ok((store::load(path).map(|l| l.workbook), fingerprint))
}

/// The handle the app keeps: at most one job in flight.
#[derive(Debug)]
pub struct Saver {
    kind: Kind,
    busy: Option<TaskKind>,
}

#[derive(Debug)]
enum Kind {
    /// A real thread.
    Thread {
        jobs: Sender<Task>,
        done: Receiver<Outcome>,
    },
    /// Runs the job only in [`Saver::run_queued`] (tests).
    Manual {
        gate: Gate,
        queued: Option<Box<Task>>,
        done: Option<Box<Outcome>>,
    },
}

impl Saver {
    /// Starts the worker thread; `None` if the system refuses a thread (saves then run on
    /// the UI thread as before).
    pub fn spawn(gate: Gate) -> Option<Saver> {
        let (jobs, inbox) = mpsc::channel::<Task>();
        let (outbox, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("soc2-save".into())
            .spawn(move || {
                for job in inbox {
                    if outbox.send(run(&job, &gate)).is_err() {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Saver {
            kind: Kind::Thread { jobs, done },
            busy: None,
        })
    }

    /// A worker that runs nothing until [`Saver::run_queued`] is called.
    pub fn manual(gate: Gate) -> Saver {
        Saver {
            kind: Kind::Manual {
                gate,
                queued: None,
                done: None,
            },
            busy: None,
        }
    }

    /// Whether a job is in flight.
    pub fn busy(&self) -> bool {
        self.busy.is_some()
    }

    /// What kind of job is in flight.
    pub fn in_flight(&self) -> Option<TaskKind> {
        self.busy
    }

    /// Hands a job over; `false` (and nothing happens) while another is in flight or if
    /// the thread is gone.
    pub fn submit(&mut self, job: Task) -> bool {
        if self.busy.is_some() {
            return false;
        }
        let kind = job.kind();
        let sent = match &mut self.kind {
            Kind::Thread { jobs, .. } => jobs.send(job).is_ok(),
            Kind::Manual { queued, .. } => {
                *queued = Some(Box::new(job));
                true
            }
        };
        self.busy = sent.then_some(kind);
        sent
    }

    /// The finished job's outcome, if it finished (never blocks).
    pub fn try_take(&mut self) -> Option<Outcome> {
        self.take_within(Duration::ZERO)
    }

    /// The outcome, waiting up to `wait` for it.
    pub fn take_within(&mut self, wait: Duration) -> Option<Outcome> {
        self.busy?;
        let got = match &mut self.kind {
            Kind::Thread { done, .. } => match done.recv_timeout(wait) {
                Ok(o) => Some(o),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Outcome::Failed(StoreError::Io {
                    path: PathBuf::new(),
                    action: "save (the save thread stopped)",
                    source: std::io::Error::other("the save thread stopped"),
                })),
            },
            Kind::Manual { gate, queued, done } => {
                // Waiting on a fake worker finishes its job, as a real one would.
                if done.is_none()
                    && !wait.is_zero()
                    && let Some(job) = queued.take()
                {
                    *done = Some(Box::new(run(&job, gate)));
                }
                done.take().map(|o| *o)
            }
        };
        if got.is_some() {
            self.busy = None;
        }
        got
    }

    /// Test worker: carries out the queued job now; `false` if none was queued.
    pub fn run_queued(&mut self) -> bool {
        match &mut self.kind {
            Kind::Manual { gate, queued, done } => match queued.take() {
                Some(job) => {
                    *done = Some(Box::new(run(&job, gate)));
                    true
                }
                None => false,
            },
            Kind::Thread { .. } => false,
        }
    }

    /// Test worker: whether a job waits for [`Saver::run_queued`].
    pub fn has_queued(&self) -> bool {
        matches!(
            &self.kind,
            Kind::Manual {
                queued: Some(_),
                ..
            }
        )
    }
}
