//! The screen shown while a large workbook is read, before the app has anything to draw.
//!
//! Why: at 100,000 items reading the file takes one to two seconds, and a terminal that
//! stays blank that long looks hung; the first frame says what is happening at once.
//! Small workbooks open faster than a frame would show, so they never see it.

use std::path::Path;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::text::sanitize;

/// From this size on the app shows [`render`] while it reads (about 0.1 s of reading).
pub const SHOWN_FROM: u64 = 16 << 20;

/// What the screen says while `path` (of `size` bytes) is read.
pub fn message(path: &Path, size: u64) -> String {
    let mib = size as f64 / f64::from(1u32 << 20);
    format!(
        "Reading {} ({mib:.1} MiB)… the workbook appears when it is read; keys pressed now act then.",
        sanitize(&path.display().to_string())
    )
}

/// Draws [`message`], wrapped to the screen.
pub fn render(frame: &mut Frame, theme: &Theme, path: &Path, size: u64) {
    let area = frame.area();
    let lines: Vec<Line> = super::text::wrap(&message(path, size), usize::from(area.width.max(1)))
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn a_large_workbook_says_it_is_being_read_with_its_size_and_no_control_characters() {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let path = Path::new("workbooks/big\u{1b}[31m.ron");
        term.draw(|f| render(f, &Theme::mono(), path, 173_950_547))
            .unwrap();
        let screen: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("Reading workbooks/big"), "{screen}");
        assert!(screen.contains("165.9 MiB"), "{screen}");
        assert!(!screen.contains('\u{1b}'), "no escape reaches the terminal");
    }
}
