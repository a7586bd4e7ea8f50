-- Event ids compare byte by byte: every inbound event is an insert into this index, and the database's default
-- collation made each key comparison a locale-aware one.
alter table processed_event alter column event_id type varchar(200) collate "C";
