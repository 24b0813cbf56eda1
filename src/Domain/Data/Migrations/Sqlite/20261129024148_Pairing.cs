using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Pairing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CadenceNoticesSent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CadenceNoticesSent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CadenceRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PairingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kinds = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Times = table.Column<int>(type: "INTEGER", nullable: false),
                    Per = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CountedBy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CadenceRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Pairings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviousPairingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HandoverNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pairings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Pairings_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContactLogs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PairingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MentorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NotesCipher = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LoggedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactLogs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContactLogs_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PairingChild",
                columns: table => new
                {
                    PairingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PairingChild", x => new { x.PairingId, x.ChildId });
                    table.ForeignKey(
                        name: "FK_PairingChild_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PairingChild_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PairingMentor",
                columns: table => new
                {
                    PairingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PairingMentor", x => new { x.PairingId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PairingMentor_Pairings_PairingId",
                        column: x => x.PairingId,
                        principalTable: "Pairings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CadenceNoticesSent_Kind_TargetKey_PeriodStart",
                table: "CadenceNoticesSent",
                columns: new[] { "Kind", "TargetKey", "PeriodStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CadenceRules_OrganizationId_PairingId",
                table: "CadenceRules",
                columns: new[] { "OrganizationId", "PairingId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactLogs_ChildId_AtUtc",
                table: "ContactLogs",
                columns: new[] { "ChildId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactLogs_PairingId_AtUtc",
                table: "ContactLogs",
                columns: new[] { "PairingId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PairingChild_ChildId",
                table: "PairingChild",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_PairingMentor_UserId",
                table: "PairingMentor",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Pairings_OrganizationId_EndedAtUtc",
                table: "Pairings",
                columns: new[] { "OrganizationId", "EndedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CadenceNoticesSent");

            migrationBuilder.DropTable(
                name: "CadenceRules");

            migrationBuilder.DropTable(
                name: "ContactLogs");

            migrationBuilder.DropTable(
                name: "PairingChild");

            migrationBuilder.DropTable(
                name: "PairingMentor");

            migrationBuilder.DropTable(
                name: "Pairings");
        }
    }
}
