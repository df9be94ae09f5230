//! The real binary in a real pseudo-terminal, stopped by the signals a team meets (the
//! window closed — a hangup with the terminal gone —, Ctrl-\\ (SIGQUIT), SIGTERM in the
//! start-up picker, a stop from outside followed by `fg`) and given a paste.
//!
//! Why a pty instead of `TestBackend`: what is checked here is what the kernel and the
//! terminal see — the terminal's modes after exit, the workbook on disk, the lock file,
//! the exit status. Nothing waits for a time window: each step waits for something the
//! app drew (or for the process state), with a generous limit only so a broken app fails
//! instead of hanging the suite.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long any one step may take before the test gives up (not a timing assertion).
const LIMIT: Duration = Duration::from_secs(30);

/// One session at a time: a child started by another test between `openpty` and
/// close-on-exec would keep this test's terminal open.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The app running on the slave side of a pseudo-terminal.
struct Session {
    _turn: std::sync::MutexGuard<'static, ()>,
    master: Option<File>,
    /// Kept open so the terminal's modes can be read after the app exits.
    slave: OwnedFd,
    child: Child,
    seen: Vec<u8>,
}

fn openpty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors into the two integers.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty failed");
    for fd in [master, slave] {
        // SAFETY: setting close-on-exec on our own new descriptors, so no child keeps
        // the master open (closing it must hang the terminal up).
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: both descriptors are new and owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

impl Session {
    /// Starts `soc2 ARGS` in `dir` with the pty as its controlling terminal.
    fn start(dir: &Path, args: &[&str]) -> Session {
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (master, slave) = openpty();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_soc2"));
        cmd.args(args)
            .current_dir(dir)
            .env("SOC2_TODAY", "2026-12-01")
            .env("SOC2_NO_PREFS", "1")
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        Session {
            _turn: turn,
            master: Some(File::from(master)),
            slave,
            child,
            seen: Vec::new(),
        }
    }

    fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).unwrap()
    }

    /// Reads what the app wrote, waiting at most `wait` for the first bytes.
    fn read_some(&mut self, wait: Duration) {
        let Some(master) = self.master.as_mut() else {
            return;
        };
        let mut fds = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut fds, 1, ms) } <= 0 {
            return;
        }
        let mut buf = [0u8; 65536];
        if let Ok(n) = master.read(&mut buf) {
            self.seen.extend_from_slice(&buf[..n]);
        }
    }

    /// Waits until the screen shows `text`, drawn by output after byte `from`; returns
    /// how much output had arrived then.
    fn wait_for(&mut self, from: usize, text: &str) -> usize {
        let start = Instant::now();
        loop {
            if self.seen.len() > from {
                let screen = screen(&self.seen);
                if screen.contains(text) {
                    return self.seen.len();
                }
                assert!(
                    start.elapsed() < LIMIT,
                    "never saw {text:?}; the screen shows:\n{screen}"
                );
            }
            assert!(start.elapsed() < LIMIT, "no output after byte {from}");
            self.read_some(Duration::from_millis(200));
        }
    }

    fn send(&mut self, keys: &str) {
        let master = self.master.as_mut().unwrap();
        master.write_all(keys.as_bytes()).unwrap();
        master.flush().unwrap();
    }

    fn signal(&self, signal: i32) {
        // SAFETY: a signal to our own child.
        assert_eq!(unsafe { libc::kill(self.pid(), signal) }, 0);
    }

    /// Closes the terminal's master side: the window is gone.
    fn hang_up(&mut self) {
        self.master = None;
    }

    /// Waits for the app to exit, reading its last output meanwhile.
    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.read_some(Duration::ZERO);
                return status;
            }
            assert!(start.elapsed() < LIMIT, "the app did not exit");
            self.read_some(Duration::from_millis(20));
        }
    }

    /// Waits until the app is stopped (as by Ctrl-z).
    fn wait_stopped(&mut self) {
        let start = Instant::now();
        loop {
            let mut status = 0;
            // SAFETY: waiting for our own child without reaping an exit.
            let rc =
                unsafe { libc::waitpid(self.pid(), &mut status, libc::WUNTRACED | libc::WNOHANG) };
            if rc == self.pid() && libc::WIFSTOPPED(status) {
                return;
            }
            assert!(
                start.elapsed() < LIMIT,
                "the app never stopped after SIGTSTP"
            );
            self.read_some(Duration::from_millis(20));
        }
    }

    /// Whether the terminal is in its normal (cooked) mode: lines, echo.
    fn cooked(&self) -> bool {
        // SAFETY: termios is plain data filled in by tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and a valid termios.
        assert_eq!(
            unsafe { libc::tcgetattr(self.slave.as_raw_fd(), &mut t) },
            0
        );
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    fn output_from(&self, from: usize) -> String {
        String::from_utf8_lossy(&self.seen[from.min(self.seen.len())..]).into_owned()
    }
}

/// What a terminal shows after this output: a minimal emulator of what ratatui and
/// crossterm write (cursor moves, clears, text; colours ignored), so a test can wait for
/// words on the screen even when a redraw writes only the cells that changed.
fn screen(output: &[u8]) -> String {
    let (rows, cols) = (30usize, 100usize);
    let mut grid = vec![vec![' '; cols]; rows];
    let (mut row, mut col) = (0usize, 0usize);
    let text = String::from_utf8_lossy(output);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    let mut params = String::new();
                    let mut last = ' ';
                    for p in chars.by_ref() {
                        if ('@'..='~').contains(&p) {
                            last = p;
                            break;
                        }
                        params.push(p);
                    }
                    let nums: Vec<usize> = params
                        .split(';')
                        .map(|n| n.trim_start_matches('?').parse().unwrap_or(0))
                        .collect();
                    match last {
                        'H' => {
                            row = nums.first().copied().unwrap_or(1).max(1) - 1;
                            col = nums.get(1).copied().unwrap_or(1).max(1) - 1;
                        }
                        'J' if params == "2" => {
                            grid = vec![vec![' '; cols]; rows];
                        }
                        _ => {}
                    }
                }
                Some(']') => {
                    for p in chars.by_ref() {
                        if p == '\x07' {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => col = 0,
            '\n' => row += 1,
            c if c.is_control() => {}
            c => {
                if let Some(cell) = grid.get_mut(row).and_then(|r| r.get_mut(col)) {
                    *cell = c;
                }
                col += 1;
            }
        }
    }
    grid.iter()
        .map(|r| r.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn workbook_in(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron"),
        &path,
    )
    .unwrap();
    path
}

fn statuses(path: &Path, id: &str) -> String {
    let wb = soc2_workbook::store::load(path).unwrap().workbook;
    let item = wb.backlog.iter().find(|b| b.id == id).unwrap();
    format!("{:?}", item.status)
}

fn lock_of(path: &Path) -> PathBuf {
    soc2_workbook::store::lock::lock_path(path)
}

/// Opens the Backlog, marks the second and third items blocked (two edits inside one
/// autosave window), then opens the help, so once the help is drawn both edits are in.
fn two_quick_edits(s: &mut Session) {
    let drawn = s.wait_for(0, "Readiness");
    s.send("4");
    let drawn = s.wait_for(drawn, "RB-7mqa");
    s.send("jbjb?");
    s.wait_for(drawn, "Backlog view");
}

/// Waits for a full redraw (a clear, then the tab bar drawn again).
fn redrawn(s: &mut Session) {
    let start = Instant::now();
    let from = s.seen.len();
    while !String::from_utf8_lossy(&s.seen[from..]).contains("\x1b[2J") {
        assert!(
            start.elapsed() < LIMIT,
            "never redrawn; after the signal the app wrote {:?}",
            String::from_utf8_lossy(&s.seen[from..])
        );
        s.read_some(Duration::from_millis(200));
    }
    let cleared = from
        + String::from_utf8_lossy(&s.seen[from..])
            .find("\x1b[2J")
            .unwrap_or(0);
    s.wait_for(cleared, "Readiness");
}

#[test]
fn a_closed_window_saves_every_edit_and_removes_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook_in(dir.path(), "w.ron");
    let mut s = Session::start(dir.path(), &["w.ron"]);
    two_quick_edits(&mut s);
    s.hang_up();
    let status = s.wait_exit();
    assert_eq!(statuses(&path, "RB-7mqa"), "Blocked", "the first edit");
    assert_eq!(statuses(&path, "RB-v2nd"), "Blocked", "the last edit");
    assert!(!lock_of(&path).exists(), "the lock is removed");
    assert_eq!(status.code(), Some(128 + libc::SIGHUP), "{status:?}");
}

#[test]
fn sigquit_restores_the_terminal_saves_and_removes_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook_in(dir.path(), "w.ron");
    let mut s = Session::start(dir.path(), &["w.ron"]);
    two_quick_edits(&mut s);
    let before = s.seen.len();
    s.signal(libc::SIGQUIT);
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(128 + libc::SIGQUIT), "{status:?}");
    let tail = s.output_from(before);
    assert!(tail.contains("\x1b[?1049l"), "alternate screen left");
    assert!(tail.contains("\x1b[?1000l"), "mouse capture off");
    assert!(tail.contains("\x1b[?2004l"), "bracketed paste off");
    assert!(s.cooked(), "the terminal is back in its normal mode");
    assert_eq!(
        statuses(&path, "RB-v2nd"),
        "Blocked",
        "the last edit is saved"
    );
    assert!(!lock_of(&path).exists(), "the lock is removed");
}

#[test]
fn sigterm_in_the_startup_picker_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let wbs = dir.path().join("workbooks");
    std::fs::create_dir(&wbs).unwrap();
    workbook_in(&wbs, "a.ron");
    workbook_in(&wbs, "b.ron");
    let mut s = Session::start(dir.path(), &[]);
    let drawn = s.wait_for(0, "Which workbook?");
    assert!(!s.cooked(), "raw while the picker is up");
    s.signal(libc::SIGTERM);
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(128 + libc::SIGTERM), "{status:?}");
    assert!(s.cooked(), "the terminal is back in its normal mode");
    assert!(s.output_from(drawn).contains("\x1b[?1049l"), "main screen");
}

#[test]
fn a_stop_from_outside_gives_the_terminal_back_and_fg_takes_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook_in(dir.path(), "w.ron");
    let mut s = Session::start(dir.path(), &["w.ron"]);
    s.wait_for(0, "Readiness");
    s.signal(libc::SIGTSTP);
    s.wait_stopped();
    assert!(
        s.cooked(),
        "while stopped, the shell gets a normal terminal"
    );
    s.signal(libc::SIGCONT);
    redrawn(&mut s);
    assert!(!s.cooked(), "raw mode again after fg");
    let drawn = s.seen.len();
    s.send("4");
    s.wait_for(drawn, "RB-7mqa");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!lock_of(&path).exists());
}

#[test]
fn a_paste_lands_whole_in_the_field_and_never_fires_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook_in(dir.path(), "w.ron");
    let mut s = Session::start(dir.path(), &["w.ron"]);
    let drawn = s.wait_for(0, "Readiness");
    assert!(
        s.output_from(0).contains("\x1b[?2004h"),
        "bracketed paste is switched on"
    );
    s.send("4");
    let drawn = s.wait_for(drawn, "RB-7mqa");
    // Outside a field a paste of "dddd" marks nothing done (it would as keys).
    s.send("\x1b[200~dddd\x1b[201~");
    // In the title field: the pasted line break is a space and does not submit.
    s.send("e\x15\x1b[200~Keep every\nedit\x1b[201~");
    let drawn = s.wait_for(drawn, ">Keep every edit");
    s.send("\r");
    s.wait_for(drawn, "Keep every edit");
    s.send("q");
    assert!(s.wait_exit().success());
    let wb = soc2_workbook::store::load(&path).unwrap().workbook;
    assert_eq!(wb.backlog[0].title, "Keep every edit");
    assert_eq!(statuses(&path, "RB-k3fz"), "InProgress", "no key fired");
}

/// The example workbook followed by `tail` and enough comment lines to pass the size from
/// which the app says it is reading.
fn large_workbook_in(dir: &Path, name: &str, tail: &str) -> PathBuf {
    let path = workbook_in(dir, name);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let line = format!("// {}\n", "padding ".repeat(12));
    let target = usize::try_from(soc2_workbook::tui::opening::SHOWN_FROM).unwrap() + 1024;
    text.push_str(tail);
    while text.len() < target {
        text.push_str(&line);
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_large_workbook_first_says_it_is_being_read_and_a_broken_one_leaves_a_clean_terminal_and_no_lock()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = large_workbook_in(dir.path(), "big.ron", "");
    let mut s = Session::start(dir.path(), &["big.ron"]);
    let drawn = s.wait_for(0, "Reading big.ron (16.0 MiB)");
    s.wait_for(drawn, "Readiness");
    assert!(lock_of(&path).exists(), "the open workbook is locked");
    s.send("q");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(!lock_of(&path).exists(), "quitting removes the lock");
    drop(s);

    let broken = large_workbook_in(dir.path(), "broken.ron", "oops\n");
    let mut s = Session::start(dir.path(), &["broken.ron"]);
    let drawn = s.wait_for(0, "Reading broken.ron");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(1), "{status:?}");
    assert!(
        s.output_from(drawn).contains("broken.ron:"),
        "the error names the file: {}",
        s.output_from(drawn)
    );
    assert!(s.cooked(), "the terminal is back in cooked mode");
    assert!(!lock_of(&broken).exists(), "no lock is left behind");
}
