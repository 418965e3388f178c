//! The schema's migrations, one ordered list for both databases: each has its number, its
//! name (recorded in `schema_migrations`; a database whose migration of a number has another
//! name is refused) and its SQL for SQLite and for PostgreSQL.

/// One migration, in both dialects.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

macro_rules! migration {
    ($version:expr, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../../migrations/", $name, ".sql")),
            postgres: include_str!(concat!("../../migrations/postgres/", $name, ".sql")),
        }
    };
}

/// The migrations, in the order they are applied.
pub const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_registrations"),
    migration!(2, "0002_first_mail"),
    migration!(3, "0003_exposure"),
    migration!(4, "0004_consent_withdrawal"),
    migration!(5, "0005_staff"),
    migration!(6, "0006_decisions"),
    migration!(7, "0007_staff_totp"),
    migration!(8, "0008_resubmissions"),
    migration!(9, "0009_audit_office"),
    migration!(10, "0010_photo_files"),
];

/// The refusal of a database whose migration `version` is `recorded`, not `expected`.
pub fn other_build(version: i64, recorded: &str, expected: &str) -> super::StoreError {
    super::StoreError::Corrupt(format!(
        "migration {version} of this database is {recorded}, not {expected}: it was made by \
         another build of the service; restore a backup made by this one"
    ))
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn the_list_is_numbered_in_order_and_names_match_their_numbers() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1);
            assert!(
                migration
                    .name
                    .starts_with(&format!("{:04}_", migration.version)),
                "{}",
                migration.name
            );
            assert!(!migration.sqlite.trim().is_empty() && !migration.postgres.trim().is_empty());
        }
    }
}
