using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class OutboxFirstDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstDueAtUtc",
                table: "Outbox",
                type: "datetime(6)",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Hand-written: rows queued before this migration were first due when they are due now (as good as it gets).
            migrationBuilder.Sql("UPDATE Outbox SET FirstDueAtUtc = DueAtUtc;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstDueAtUtc",
                table: "Outbox");
        }
    }
}
