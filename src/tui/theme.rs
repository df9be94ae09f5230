//! The app's colours and text styles, in one place.
//!
//! Why one struct: views ask for a role ("selected", "warning") instead of a colour, so the
//! `NO_COLOR` theme can swap every colour for attributes only. crossterm 0.29 emits an
//! attribute reset for each colour it suppresses, which would erase REVERSED/BOLD, so the
//! monochrome theme sets no colour at all and marks the selection with REVERSED + BOLD.

use ratatui::style::{Color, Modifier, Style};

/// Styles by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub tab: Style,
    pub tab_active: Style,
    /// The highlighted row of the focused list.
    pub selected: Style,
    /// The highlighted row of a list that does not have the focus.
    pub selected_unfocused: Style,
    pub title: Style,
    pub dim: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
    pub key: Style,
    pub banner: Style,
    pub border: Style,
    pub border_focused: Style,
}

impl Theme {
    /// The colour theme.
    pub fn color() -> Theme {
        Theme {
            base: Style::new(),
            tab: Style::new().fg(Color::Gray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().bg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            good: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            banner: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
        }
    }

    /// The `NO_COLOR` theme: attributes only, never a colour.
    pub fn mono() -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        Theme {
            base: plain,
            tab: plain,
            tab_active: reversed,
            selected: reversed,
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            title: bold,
            dim: plain,
            good: plain,
            warn: bold,
            bad: bold,
            key: bold,
            banner: reversed,
            border: plain,
            border_focused: bold,
        }
    }

    /// The theme the environment asks for: monochrome when `NO_COLOR` is set and non-empty.
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a given `NO_COLOR` value (separate so tests need no environment).
    pub fn for_no_color(value: Option<&std::ffi::OsStr>) -> Theme {
        match value {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::color(),
        }
    }
}
