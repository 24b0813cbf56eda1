using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChildrenActivities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Series",
                table: "Activities",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChildAdmissions",
                columns: table => new
                {
                    ActivityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Places = table.Column<int>(type: "INTEGER", nullable: true),
                    Taken = table.Column<int>(type: "INTEGER", nullable: false),
                    MinGrade = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstTimersOfSeriesOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsentScopeBits = table.Column<int>(type: "INTEGER", nullable: false),
                    RequiresParentalApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildAdmissions", x => x.ActivityId);
                    table.ForeignKey(
                        name: "FK_ChildAdmissions_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChildParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EnrolledBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnrolledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AttendedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AttendanceRecordedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChildParticipants_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChildParticipants_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_OrganizationId_Series_StartsAtUtc",
                table: "Activities",
                columns: new[] { "OrganizationId", "Series", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ChildParticipants_ActivityId_ChildId",
                table: "ChildParticipants",
                columns: new[] { "ActivityId", "ChildId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChildParticipants_ChildId_AttendedAtUtc",
                table: "ChildParticipants",
                columns: new[] { "ChildId", "AttendedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChildAdmissions");

            migrationBuilder.DropTable(
                name: "ChildParticipants");

            migrationBuilder.DropIndex(
                name: "IX_Activities_OrganizationId_Series_StartsAtUtc",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "Series",
                table: "Activities");
        }
    }
}
