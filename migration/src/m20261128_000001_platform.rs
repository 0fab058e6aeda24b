//! The platform foundation: tenant tree (adjacency + closure table), users, sessions with
//! rotating refresh tokens, and the append-only audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::common::{drop_tables, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
    Code,
    Name,
    Level,
    ParentId,
    RootId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TenantClosure {
    Table,
    AncestorId,
    DescendantId,
    Depth,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    TenantId,
    Username,
    DisplayName,
    PasswordHash,
    Roles,
    DisabledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokeReason,
}

#[derive(DeriveIden)]
enum RefreshToken {
    Table,
    Id,
    SessionId,
    TokenHash,
    IssuedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorTenantId,
    TenantId,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tenant::Table)
                    .col(big_pk_auto(Tenant::Id))
                    .col(string_len_uniq(Tenant::Code, 12))
                    .col(string_len(Tenant::Name, 100))
                    .col(string_len(Tenant::Level, 16))
                    .col(big_integer_null(Tenant::ParentId))
                    .col(big_integer_null(Tenant::RootId))
                    .col(timestamp_with_time_zone(Tenant::CreatedAt))
                    .foreign_key(&mut fk(Tenant::Table, Tenant::ParentId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tenant_parent")
                    .table(Tenant::Table)
                    .col(Tenant::ParentId)
                    .col(Tenant::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TenantClosure::Table)
                    .col(big_integer(TenantClosure::AncestorId))
                    .col(big_integer(TenantClosure::DescendantId))
                    .col(integer(TenantClosure::Depth))
                    .primary_key(Index::create().col(TenantClosure::AncestorId).col(TenantClosure::DescendantId))
                    .foreign_key(&mut fk(TenantClosure::Table, TenantClosure::AncestorId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(TenantClosure::Table, TenantClosure::DescendantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tenant_closure_descendant")
                    .table(TenantClosure::Table)
                    .col(TenantClosure::DescendantId)
                    .col(TenantClosure::AncestorId)
                    .col(TenantClosure::Depth)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(big_pk_auto(AppUser::Id))
                    .col(big_integer(AppUser::TenantId))
                    .col(string_len_uniq(AppUser::Username, 64))
                    .col(string_len(AppUser::DisplayName, 100))
                    .col(string_len(AppUser::PasswordHash, 255))
                    .col(string_len(AppUser::Roles, 100))
                    .col(timestamp_with_time_zone_null(AppUser::DisabledAt))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .col(timestamp_with_time_zone(AppUser::UpdatedAt))
                    .foreign_key(&mut fk(AppUser::Table, AppUser::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_app_user_tenant")
                    .table(AppUser::Table)
                    .col(AppUser::TenantId)
                    .col(AppUser::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string_len(Session::Id, 64).primary_key())
                    .col(big_integer(Session::UserId))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Session::RevokedAt))
                    .col(string_len_null(Session::RevokeReason, 32))
                    .foreign_key(&mut fk(Session::Table, Session::UserId, AppUser::Table, AppUser::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_session_user").table(Session::Table).col(Session::UserId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshToken::Table)
                    .col(big_pk_auto(RefreshToken::Id))
                    .col(string_len(RefreshToken::SessionId, 64))
                    .col(string_len_uniq(RefreshToken::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshToken::IssuedAt))
                    .col(timestamp_with_time_zone(RefreshToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshToken::UsedAt))
                    .foreign_key(&mut fk(RefreshToken::Table, RefreshToken::SessionId, Session::Table, Session::Id))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(big_integer_null(AuditLog::ActorUserId))
                    .col(big_integer_null(AuditLog::ActorTenantId))
                    .col(big_integer(AuditLog::TenantId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::EntityType, 32))
                    .col(string_len(AuditLog::EntityId, 64))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .foreign_key(&mut fk(AuditLog::Table, AuditLog::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_tenant")
                    .table(AuditLog::Table)
                    .col(AuditLog::TenantId)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_entity")
                    .table(AuditLog::Table)
                    .col(AuditLog::EntityType)
                    .col(AuditLog::EntityId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite empties a table before dropping it; a parent row cannot go while its children
        // (same table, RESTRICT) are there, so cut the tree's links first.
        manager.get_connection().execute_unprepared("UPDATE tenant SET parent_id = NULL").await?;
        drop_tables(
            manager,
            vec![
                AuditLog::Table.into_iden(),
                RefreshToken::Table.into_iden(),
                Session::Table.into_iden(),
                AppUser::Table.into_iden(),
                TenantClosure::Table.into_iden(),
                Tenant::Table.into_iden(),
            ],
        )
        .await
    }
}
