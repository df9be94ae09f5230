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
    /// Whether the focused pane's title says so in text (`▶ `): the monochrome theme's
    /// only bold border is easy to miss, and no distinction may rest on colour alone.
    pub mark_focus: bool,
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
            mark_focus: false,
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
            mark_focus: true,
        }
    }

    /// The light theme: dark text and fills that stay readable on a white background
    /// (no yellow, cyan, white or grey foregrounds, which vanish there).
    pub fn light() -> Theme {
        let accent = Color::Blue;
        Theme {
            base: Style::new(),
            tab: Style::new().fg(Color::Black),
            tab_active: Style::new()
                .fg(Color::White)
                .bg(accent)
                .add_modifier(Modifier::BOLD),
            selected: Style::new()
                .fg(Color::White)
                .bg(accent)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().fg(Color::Black).bg(Color::Gray),
            title: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            good: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            banner: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            mark_focus: false,
        }
    }

    /// The mark before the title of a pane: `▶ ` on the focused one when the theme marks
    /// focus in text, else nothing.
    pub fn focus_mark(&self, focused: bool) -> &'static str {
        if self.mark_focus && focused {
            "▶ "
        } else {
            ""
        }
    }

    /// The theme a config names; `NO_COLOR` (set and non-empty) wins over it.
    pub fn named(name: ThemeName, no_color: Option<&std::ffi::OsStr>) -> Theme {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Theme::mono();
        }
        match name {
            ThemeName::Dark => Theme::color(),
            ThemeName::Light => Theme::light(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    /// The style of a role, to change its colours.
    pub fn role_mut(&mut self, role: Role) -> &mut Style {
        match role {
            Role::Base => &mut self.base,
            Role::Tab => &mut self.tab,
            Role::TabActive => &mut self.tab_active,
            Role::Selected => &mut self.selected,
            Role::SelectedUnfocused => &mut self.selected_unfocused,
            Role::Title => &mut self.title,
            Role::Dim => &mut self.dim,
            Role::Good => &mut self.good,
            Role::Warn => &mut self.warn,
            Role::Bad => &mut self.bad,
            Role::Key => &mut self.key,
            Role::Banner => &mut self.banner,
            Role::Border => &mut self.border,
            Role::BorderFocused => &mut self.border_focused,
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

/// The themes a config can name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThemeName {
    /// Colours for a dark terminal background (the default).
    #[default]
    Dark,
    /// Colours for a light terminal background.
    Light,
    /// Attributes only, as under `NO_COLOR`.
    Mono,
}

impl ThemeName {
    /// Every theme with its config name.
    pub const ALL: [(ThemeName, &'static str); 3] = [
        (ThemeName::Dark, "dark"),
        (ThemeName::Light, "light"),
        (ThemeName::Mono, "mono"),
    ];

    /// The theme of a config name.
    pub fn parse(name: &str) -> Option<ThemeName> {
        ThemeName::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(t, _)| *t)
    }
}

/// A part of the screen whose colours a config may change (`[colors]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Base,
    Tab,
    TabActive,
    Selected,
    SelectedUnfocused,
    Title,
    Dim,
    Good,
    Warn,
    Bad,
    Key,
    Banner,
    Border,
    BorderFocused,
}

impl Role {
    /// Every role with its config name.
    pub const ALL: [(Role, &'static str); 14] = [
        (Role::Base, "base"),
        (Role::Tab, "tab"),
        (Role::TabActive, "tab-active"),
        (Role::Selected, "selected"),
        (Role::SelectedUnfocused, "selected-unfocused"),
        (Role::Title, "title"),
        (Role::Dim, "dim"),
        (Role::Good, "good"),
        (Role::Warn, "warn"),
        (Role::Bad, "bad"),
        (Role::Key, "key"),
        (Role::Banner, "banner"),
        (Role::Border, "border"),
        (Role::BorderFocused, "border-focused"),
    ];

    /// The role of a config name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.iter().find(|(_, n)| *n == name).map(|(r, _)| *r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn foregrounds(t: &Theme) -> Vec<Color> {
        [
            t.base,
            t.tab,
            t.tab_active,
            t.selected,
            t.selected_unfocused,
            t.title,
            t.dim,
            t.good,
            t.warn,
            t.bad,
            t.key,
            t.banner,
            t.border,
            t.border_focused,
        ]
        .iter()
        .filter_map(|s| s.fg.map(|fg| (fg, s.bg)))
        .filter(|(_, bg)| bg.is_none())
        .map(|(fg, _)| fg)
        .collect()
    }

    #[test]
    fn the_light_theme_writes_no_text_that_vanishes_on_white() {
        let pale = [
            Color::Yellow,
            Color::LightYellow,
            Color::Cyan,
            Color::LightCyan,
            Color::White,
            Color::Gray,
        ];
        let light = foregrounds(&Theme::light());
        assert!(!light.is_empty());
        assert!(light.iter().all(|c| !pale.contains(c)), "{light:?}");
        assert!(
            foregrounds(&Theme::color())
                .iter()
                .any(|c| pale.contains(c)),
            "the dark theme is the one with pale text"
        );
        assert_ne!(Theme::light().selected, Theme::light().selected_unfocused);
    }

    #[test]
    fn no_color_wins_over_the_configured_theme() {
        let set = Some(std::ffi::OsStr::new("1"));
        assert_eq!(Theme::named(ThemeName::Light, set), Theme::mono());
        assert_eq!(Theme::named(ThemeName::Light, None), Theme::light());
        assert_eq!(
            Theme::named(ThemeName::Dark, Some(std::ffi::OsStr::new(""))),
            Theme::color()
        );
    }
}
