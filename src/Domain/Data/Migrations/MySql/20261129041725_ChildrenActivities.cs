using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.MySql
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
                type: "varchar(50)",
                maxLength: 50,
                nullable: true,
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "ChildAdmissions",
                columns: table => new
                {
                    ActivityId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    OrganizationId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    Places = table.Column<int>(type: "int", nullable: true),
                    Taken = table.Column<int>(type: "int", nullable: false),
                    MinGrade = table.Column<int>(type: "int", nullable: true),
                    FirstTimersOfSeriesOnly = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    ConsentScopeBits = table.Column<int>(type: "int", nullable: false),
                    RequiresParentalApproval = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false)
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
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "ChildParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    ActivityId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    ChildId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    Status = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    EnrolledBy = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    EnrolledAtUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    DecidedBy = table.Column<Guid>(type: "char(36)", nullable: true, collation: "ascii_general_ci"),
                    DecidedAtUtc = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    AttendedAtUtc = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    AttendanceRecordedBy = table.Column<Guid>(type: "char(36)", nullable: true, collation: "ascii_general_ci")
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
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

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
