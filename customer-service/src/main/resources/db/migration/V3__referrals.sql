-- Who referred a customer: carried in the profile snapshot (win-back ranks customers who referred others higher).
alter table customer add column referred_by varchar(64);
