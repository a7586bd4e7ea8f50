-- erased_customer moved from each service's V2 migration to the kit's V0_7. A database migrated before keeps its table
-- (V0_7 creates it only where it is missing); its record of V2 takes the checksum of V2 as it now reads, so that
-- validation passes. Only the exact former checksums are rewritten: any other change to V2 still fails validation.
do $$
begin
    if to_regclass('flyway_schema_history') is not null then
        update flyway_schema_history h set checksum = moved.new_checksum
        from (values ('V2__features_model_and_rechecks.sql', -1406924791, 1228616817),
                    ('V2__activity_tiers_consents_timeline.sql', 1575649446, 1816550518),
                    ('V2__playbooks_policy_delivery.sql', -1792834685, -1301488405),
                    ('V2__templates_experiments_lifecycle.sql', 48592401, -2034395645))
            as moved(script, old_checksum, new_checksum)
        -- the script as recorded is prefixed with its location on the classpath, not on a file system
        where regexp_replace(h.script, '^.*/', '') = moved.script and h.checksum = moved.old_checksum;
    end if;
end $$;
