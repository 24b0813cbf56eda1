using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Delivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FollowsOfficialAccount",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastOfficialAccountMessageAtUtc",
                table: "Users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Trail",
                table: "Outbox",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AudienceGroupMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AudienceGroupMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AudienceGroupMembers_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AudienceKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AudienceActivityId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AudienceClassName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    RequiresConfirmation = table.Column<bool>(type: "INTEGER", nullable: false),
                    ScheduledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HoldReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ApprovedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecipientCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemindedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notices_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notices_Users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubscribeGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Remaining = table.Column<int>(type: "INTEGER", nullable: false),
                    LongTerm = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubscribeGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubscribeGrants_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NoticeRecipients",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfirmedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoticeRecipients", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_NoticeRecipients_Notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AudienceGroupMembers_OrganizationId_Group_UserId",
                table: "AudienceGroupMembers",
                columns: new[] { "OrganizationId", "Group", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AudienceGroupMembers_UserId",
                table: "AudienceGroupMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_NoticeRecipients_NoticeId_UserId",
                table: "NoticeRecipients",
                columns: new[] { "NoticeId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NoticeRecipients_UserId",
                table: "NoticeRecipients",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_AuthorId",
                table: "Notices",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_OrganizationId_CreatedAtUtc",
                table: "Notices",
                columns: new[] { "OrganizationId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Status_RemindedAtUtc",
                table: "Notices",
                columns: new[] { "Status", "RemindedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SubscribeGrants_UserId_TemplateId",
                table: "SubscribeGrants",
                columns: new[] { "UserId", "TemplateId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AudienceGroupMembers");

            migrationBuilder.DropTable(
                name: "NoticeRecipients");

            migrationBuilder.DropTable(
                name: "SubscribeGrants");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropColumn(
                name: "FollowsOfficialAccount",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "LastOfficialAccountMessageAtUtc",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Trail",
                table: "Outbox");
        }
    }
}
