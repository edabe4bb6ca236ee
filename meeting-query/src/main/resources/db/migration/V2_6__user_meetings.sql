-- listUserMeetings: a user's meetings, newest first. The participant rows give the user's meetings (and role);
-- this index finds them without scanning every meeting, the meeting_view primary key joins the rest.
CREATE INDEX meeting_participant_view_user ON meeting_participant_view (user_id);
-- Newest first with a stable tie-break: the keyset cursor is (created_at, meeting_id).
CREATE INDEX meeting_view_created ON meeting_view (created_at DESC, meeting_id DESC);
