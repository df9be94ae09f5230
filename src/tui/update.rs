//! The one place that carries out the views' messages: edits through the history,
//! popups, jumps between views, status lines and preferences.
//!
//! Why here and not in the views: a view's handler sees only the workbook and its own
//! state, so a jump that selects something in another view, or a preference the
//! Checklist and the Team view share, is decided here once.

use super::app::App;
use super::edits::Edit;
use super::msg::{Cx, Goto, Msg};
use super::views::{self, View, backlog, checklist, scoping, team, timeline};
use crate::analysis::backlog::{BacklogFilter, OwnerFilter};
use crate::catalog::catalog;
use crate::catalog::scoping::questionnaire;

impl App {
    /// Carries out `msgs` in order; a refused edit drops the messages after it.
    pub fn apply(&mut self, msgs: Vec<Msg>) {
        for msg in msgs {
            if !self.apply_one(msg) {
                return;
            }
        }
    }

    /// `false` when an edit was refused.
    fn apply_one(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Edit(edit) => match self.run_edit(&edit) {
                Some(follow) => {
                    self.sync_mine();
                    self.apply(follow);
                }
                None => return false,
            },
            Msg::Open(popup) => self.open(popup),
            Msg::Close => {
                self.popups.pop();
            }
            Msg::RecheckFiles => {
                self.drift.recheck();
                super::reload::refresh_drift(self);
            }
            Msg::Goto(goto) => self.goto(&goto),
            Msg::Info(text) => self.info(text),
            Msg::Error(text) => self.error(text),
            Msg::Effect(effect) => self.effect = Some(effect),
            Msg::SetMe(id) => {
                self.prefs.me = Some(id);
                self.prefs_changed = true;
                self.sync_mine();
            }
            Msg::ShowOutOfScope(show) => {
                self.views.checklist.show_out_of_scope = show;
                self.prefs.show_out_of_scope = show;
                self.prefs_changed = true;
            }
            Msg::OfferReplan(scope_changed) => {
                let offer = timeline::offer(
                    &self.doc.workbook,
                    self.today,
                    scope_changed,
                    !scope_changed,
                );
                self.apply(offer.into_iter().collect());
            }
            Msg::ScopeEffects(effects) => self.views.scoping.last_effects = effects,
            Msg::SelectVendor(id) => self.views.vendors.vendor.select(id),
            Msg::SelectSubservice(name) => {
                self.views
                    .scoping
                    .selected
                    .select(scoping::row_key_subservice(&name));
            }
            Msg::WalkTo(index) => {
                if self.views.scoping.walk {
                    let last = questionnaire().questions.len().saturating_sub(1);
                    self.views.scoping.question = index.min(last);
                }
            }
        }
        true
    }

    /// Applies one typed edit through the history (undo, touch, generation); what it
    /// reports, or `None` when it was refused (its reason shown, or its form reopened).
    fn run_edit(&mut self, edit: &Edit) -> Option<Vec<Msg>> {
        let today = self.today;
        let mut refusal = None;
        let result = self.edit_touching(&edit.label(), edit.touch(), |wb, rng| {
            let r = edit.run(wb, rng, today);
            if let Err(e) = &r {
                refusal = edit.refused(e);
            }
            r
        });
        if let Some(msg) = refusal {
            self.message = None;
            self.apply_one(msg);
        }
        result
    }

    /// The read-only context a view's handler sees.
    pub fn cx(&self) -> Cx<'_> {
        cx_of(self)
    }

    /// Opens a view with one thing selected.
    pub fn goto(&mut self, goto: &Goto) {
        match goto {
            Goto::Checklist { criterion, item } => self.show_in_checklist(criterion, item),
            Goto::Vendor(id) => {
                self.view = View::Vendors;
                self.views.vendors.vendor.select(id.clone());
            }
            Goto::BacklogItem(id) => {
                self.view = View::Backlog;
                let (wb, generation) = (&self.doc.workbook, self.doc.generation);
                let st = &mut self.views.backlog;
                st.focus = backlog::Focus::Table;
                st.link = 0;
                if !backlog::select_id(wb, generation, st, id) {
                    st.filter = BacklogFilter::default();
                    if backlog::select_id(wb, generation, st, id) {
                        self.info(format!("filters cleared to show {id}"));
                    }
                }
            }
            Goto::BacklogOwner(member) => {
                self.view = View::Backlog;
                let st = &mut self.views.backlog;
                st.focus = backlog::Focus::Table;
                st.filter = BacklogFilter {
                    owner: Some(OwnerFilter::Member(member.clone())),
                    ..BacklogFilter::default()
                };
                st.cursor = Default::default();
                let n = backlog::rows(self).len();
                self.info(format!(
                    "{n} item{} owned by {member} (O cycles the owner filter, C clears)",
                    if n == 1 { "" } else { "s" }
                ));
            }
            Goto::Milestone(id) => {
                self.views.timeline.selected.select(id.clone());
                self.views.timeline.focus = timeline::Focus::Milestones;
                self.view = View::Timeline;
            }
            Goto::BacklogDue(id) => match timeline::due_milestone(&self.doc.workbook, id) {
                Err(why) => self.error(why),
                Ok(milestone) => {
                    if let Some(m) = milestone {
                        self.views.timeline.selected.select(m);
                    }
                    self.views.timeline.focus = timeline::Focus::Milestones;
                    self.views.timeline.highlight = Some(id.clone());
                    self.view = View::Timeline;
                }
            },
            Goto::Question(id) => {
                let Some(index) = questionnaire().questions.iter().position(|q| &q.id == id) else {
                    return;
                };
                self.views.scoping.question = index;
                let key = scoping::row_key(&self.doc.workbook, scoping::Row::Question(index));
                self.views.scoping.selected.select(key);
                self.view = View::Scoping;
            }
            Goto::Member(id) => {
                self.views.team.selected.select(id.clone());
                self.view = View::Team;
            }
            Goto::Risk(id) => {
                self.views.risks.risk.select(id.clone());
                self.view = View::Risks;
            }
        }
    }

    /// Selects a criterion (and one of its items) in the Checklist, unfolding its group
    /// and showing out-of-scope criteria when it is one.
    fn show_in_checklist(&mut self, criterion: &str, item: &Option<String>) {
        let Some(c) = catalog().criterion(criterion) else {
            self.error(format!("{criterion} is not a criterion of the catalog"));
            return;
        };
        let st = &mut self.views.checklist;
        st.collapsed.remove(c.category.label());
        st.collapsed.remove(&c.series);
        if !self.doc.workbook.in_scope(c.category) && !st.show_out_of_scope {
            st.show_out_of_scope = true;
            self.info(format!(
                "{} is out of scope: showing out-of-scope criteria (. hides them)",
                c.id
            ));
        }
        let st = &mut self.views.checklist;
        st.tree.select(c.id.clone());
        st.item = Default::default();
        st.focus = checklist::Focus::Tree;
        self.view = View::Checklist;
        if let Some(item) = item {
            checklist::select_item(&self.doc.workbook, &mut self.views.checklist, item);
        }
    }

    /// Lets the focused view handle an action and carries out what it returned; `false`
    /// when the action does not apply there.
    pub fn update_view(
        &mut self,
        action: super::action::Action,
        area: ratatui::layout::Rect,
    ) -> bool {
        let mut out = Vec::new();
        let shown = self.detail_of();
        let handled = {
            let cx = cx_of_parts(&self.doc, self.today, &self.keymap, &self.prefs);
            match self.view {
                View::Dashboard => {
                    views::dashboard::update(&cx, &mut self.views.dashboard, action, area, &mut out)
                }
                View::Scoping => {
                    scoping::update(&cx, &mut self.views.scoping, action, area, &mut out)
                }
                View::Checklist => {
                    checklist::update(&cx, &mut self.views.checklist, action, area, &mut out)
                }
                View::Backlog => {
                    backlog::update(&cx, &mut self.views.backlog, action, area, &mut out)
                }
                View::Timeline => {
                    timeline::update(&cx, &mut self.views.timeline, action, area, &mut out)
                }
                View::Team => team::update(&cx, &mut self.views.team, action, area, &mut out),
                View::Policies => {
                    views::policies::update(&cx, &mut self.views.policies, action, area, &mut out)
                }
                View::Populations => views::populations::update(
                    &cx,
                    &mut self.views.populations,
                    action,
                    area,
                    &mut out,
                ),
                View::Vendors => {
                    views::vendors::update(&cx, &mut self.views.vendors, action, area, &mut out)
                }
                View::Risks => {
                    views::risks::update(&cx, &mut self.views.risks, action, area, &mut out)
                }
            }
        };
        if self.detail_of() != shown {
            // A new selection reads its details from the top, even when it comes back.
            self.views.checklist.detail = Default::default();
            self.views.scoping.detail = Default::default();
            self.views.backlog.detail = Default::default();
            self.views.vendors.detail = Default::default();
        }
        self.apply(out);
        handled
    }

    /// What the focused view's detail pane shows (its scroll belongs to it).
    fn detail_of(&self) -> Option<String> {
        let wb = &self.doc.workbook;
        match self.view {
            View::Checklist => {
                checklist::selected_key(wb, &self.views.checklist).map(|k| super::msg::item_id(&k))
            }
            View::Scoping => {
                let rows = scoping::rows(wb);
                let i = scoping::selected_index(wb, &rows, &self.views.scoping);
                rows.get(i).map(|r| scoping::row_key(wb, *r))
            }
            View::Backlog => backlog::selected_in(wb, self.doc.generation, &self.views.backlog)
                .map(|b| b.id.clone()),
            View::Vendors => views::vendors::selected(wb, &self.views.vendors).map(str::to_string),
            _ => None,
        }
    }

    /// Hands a popup's answer to the view that opened it and carries out its messages.
    pub fn complete(&mut self, then: super::popup::Then, answer: super::popup::Answer) {
        use super::popup::Then;
        let mut out = Vec::new();
        {
            let cx = cx_of_parts(&self.doc, self.today, &self.keymap, &self.prefs);
            match then {
                Then::Nothing => {}
                Then::Checklist(t) => {
                    checklist::complete(&cx, &mut self.views.checklist, t, answer, &mut out)
                }
                Then::Backlog(t) => {
                    backlog::complete(&cx, &mut self.views.backlog, t, answer, &mut out)
                }
                Then::Timeline(t) => {
                    timeline::complete(&cx, &mut self.views.timeline, t, answer, &mut out)
                }
                Then::Scoping(t) => {
                    scoping::complete(&cx, &mut self.views.scoping, t, answer, &mut out)
                }
                Then::Team(t) => team::complete(&cx, &mut self.views.team, t, answer, &mut out),
                Then::Policies(t) => {
                    views::policies::complete(&cx, &mut self.views.policies, t, answer, &mut out)
                }
                Then::Populations(t) => views::populations::complete(
                    &cx,
                    &mut self.views.populations,
                    t,
                    answer,
                    &mut out,
                ),
                Then::Vendors(t) => {
                    views::vendors::complete(&cx, &mut self.views.vendors, t, answer, &mut out)
                }
                Then::Risks(t) => {
                    views::risks::complete(&cx, &mut self.views.risks, t, answer, &mut out)
                }
            }
        }
        self.apply(out);
    }
}

fn cx_of(app: &App) -> Cx<'_> {
    cx_of_parts(&app.doc, app.today, &app.keymap, &app.prefs)
}

/// The context from the parts of `App` it borrows (so a view's own state can be
/// borrowed mutably next to it).
fn cx_of_parts<'a>(
    doc: &'a super::app::Document,
    today: crate::model::Date,
    keymap: &'a super::keymap::Keymap,
    prefs: &'a super::prefs::Prefs,
) -> Cx<'a> {
    let wb = &doc.workbook;
    Cx {
        wb,
        today,
        generation: doc.generation,
        keymap,
        path: &doc.path,
        me: prefs.me.as_deref().filter(|id| wb.member(id).is_some()),
    }
}

impl App {
    /// Tells the Checklist and the Backlog whose items to show only.
    pub(crate) fn sync_mine(&mut self) {
        let mine = team::mine_filter(self);
        self.views.checklist.mine.clone_from(&mine);
        self.views.backlog.mine = mine;
    }

    /// Turns "only mine" on or off in both views; asks who you are first when nobody said.
    pub fn toggle_mine(&mut self) {
        let Some(me) = team::me(self).map(str::to_string) else {
            self.error("who are you? In the Team view (6) select yourself and press m");
            return;
        };
        self.views.team.only_mine = !self.views.team.only_mine;
        self.sync_mine();
        self.views.checklist.tree = Default::default();
        self.views.checklist.item = Default::default();
        self.views.backlog.cursor = Default::default();
        if self.views.team.only_mine {
            self.info(format!("showing only {me}'s items (M shows everyone's)"));
        } else {
            self.info("showing everyone's items");
        }
    }
}

impl App {
    /// After every action: when the Timeline is shown and the scope changed since the
    /// plan was last offered, offer to re-plan (once per change).
    pub(crate) fn after_update(&mut self) {
        let key = timeline::scope_key(&self.doc.workbook);
        match &self.views.timeline.seen_scope {
            None => self.views.timeline.seen_scope = Some(key),
            Some(seen) if *seen != key && self.view == View::Timeline && self.popups.is_empty() => {
                // Only the answers' suggestions changed: offer them. A person changed the
                // scope by hand: re-plan what they chose, without the suggestions
                // overriding it.
                let answers_only = timeline::ScopeKey {
                    suggested: key.suggested.clone(),
                    ..seen.clone()
                } == key;
                self.views.timeline.seen_scope = Some(key);
                let offer = timeline::offer(&self.doc.workbook, self.today, true, answers_only);
                self.apply(offer.into_iter().collect());
            }
            _ => {}
        }
    }
}
