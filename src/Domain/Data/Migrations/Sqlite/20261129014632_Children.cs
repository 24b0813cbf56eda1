using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Children : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttendanceCorrections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviousStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PreviousCheckInAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PreviousCheckOutAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PreviousRecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CorrectedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CorrectedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceCorrections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChildReadAudits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReaderUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Relation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildReadAudits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Children",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Grade = table.Column<int>(type: "INTEGER", nullable: false),
                    ClassName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    LeftBehind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    GuardianName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    GuardianRelation = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GuardianPhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    GuardianPhoneHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    GuardianAddressCipher = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Personality = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Hobbies = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    HealthNotesCipher = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ConsentScopeBits = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentPolicyVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PendingErasureBits = table.Column<int>(type: "INTEGER", nullable: false),
                    PendingErasureSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeletionRequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeftAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Children", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Children_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChildReportsSent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildReportsSent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConsentWithdrawals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScopeBits = table.Column<int>(type: "INTEGER", nullable: false),
                    WithdrawnBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentWithdrawals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HealthNoteGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthNoteGrants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportPreferences",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WeeklyCardDay = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WeeklyCardHour = table.Column<int>(type: "INTEGER", nullable: false),
                    QuietFromHour = table.Column<int>(type: "INTEGER", nullable: false),
                    QuietToHour = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportPreferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WeekOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WrittenBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    WrittenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyNotes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AttendanceRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CheckInAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CheckOutAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttendanceRecords_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChildMentors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MentorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SinceUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildMentors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChildMentors_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChildMentors_Users_MentorUserId",
                        column: x => x.MentorUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GuardianConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GivenBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Relation = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ScopeBits = table.Column<int>(type: "INTEGER", nullable: false),
                    PolicyVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    GivenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuardianConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuardianConsents_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GuardianInvites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IssuedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UsedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuardianInvites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuardianInvites_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GuardianLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuardianLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuardianLinks_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GuardianLinks_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ParentContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WorkCityCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParentContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParentContacts_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceCorrections_ChildId",
                table: "AttendanceCorrections",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceCorrections_RecordId",
                table: "AttendanceCorrections",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_ChildId_Date_Place",
                table: "AttendanceRecords",
                columns: new[] { "ChildId", "Date", "Place" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_OrganizationId_Date",
                table: "AttendanceRecords",
                columns: new[] { "OrganizationId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ChildMentors_ChildId_MentorUserId",
                table: "ChildMentors",
                columns: new[] { "ChildId", "MentorUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChildMentors_MentorUserId",
                table: "ChildMentors",
                column: "MentorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ChildReadAudits_ChildId_ReadAtUtc",
                table: "ChildReadAudits",
                columns: new[] { "ChildId", "ReadAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Children_GuardianPhoneHash",
                table: "Children",
                column: "GuardianPhoneHash");

            migrationBuilder.CreateIndex(
                name: "IX_Children_OrganizationId_Status_ClassName",
                table: "Children",
                columns: new[] { "OrganizationId", "Status", "ClassName" });

            migrationBuilder.CreateIndex(
                name: "IX_ChildReportsSent_Kind_ChildId_RecipientUserId_Period",
                table: "ChildReportsSent",
                columns: new[] { "Kind", "ChildId", "RecipientUserId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentWithdrawals_ChildId",
                table: "ConsentWithdrawals",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_GuardianConsents_ChildId",
                table: "GuardianConsents",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_GuardianInvites_ChildId",
                table: "GuardianInvites",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_GuardianInvites_CodeHash",
                table: "GuardianInvites",
                column: "CodeHash");

            migrationBuilder.CreateIndex(
                name: "IX_GuardianLinks_ChildId_UserId",
                table: "GuardianLinks",
                columns: new[] { "ChildId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GuardianLinks_UserId",
                table: "GuardianLinks",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthNoteGrants_OrganizationId_StaffUserId",
                table: "HealthNoteGrants",
                columns: new[] { "OrganizationId", "StaffUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ParentContacts_ChildId",
                table: "ParentContacts",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyNotes_ChildId_WeekOf",
                table: "WeeklyNotes",
                columns: new[] { "ChildId", "WeekOf" },
                unique: true);

            // Audit rows are append-only in the database too, not only in CareDb.SaveChanges (hand-written: keep when regenerating).
            migrationBuilder.Sql("CREATE TRIGGER ChildReadAudits_no_update BEFORE UPDATE ON ChildReadAudits BEGIN SELECT RAISE(ABORT, 'ChildReadAudits is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER ChildReadAudits_no_delete BEFORE DELETE ON ChildReadAudits BEGIN SELECT RAISE(ABORT, 'ChildReadAudits is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ChildReadAudits_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ChildReadAudits_no_delete;");

            migrationBuilder.DropTable(
                name: "AttendanceCorrections");

            migrationBuilder.DropTable(
                name: "AttendanceRecords");

            migrationBuilder.DropTable(
                name: "ChildMentors");

            migrationBuilder.DropTable(
                name: "ChildReadAudits");

            migrationBuilder.DropTable(
                name: "ChildReportsSent");

            migrationBuilder.DropTable(
                name: "ConsentWithdrawals");

            migrationBuilder.DropTable(
                name: "GuardianConsents");

            migrationBuilder.DropTable(
                name: "GuardianInvites");

            migrationBuilder.DropTable(
                name: "GuardianLinks");

            migrationBuilder.DropTable(
                name: "HealthNoteGrants");

            migrationBuilder.DropTable(
                name: "ParentContacts");

            migrationBuilder.DropTable(
                name: "ReportPreferences");

            migrationBuilder.DropTable(
                name: "WeeklyNotes");

            migrationBuilder.DropTable(
                name: "Children");
        }
    }
}
