using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubscribeGrantReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "UnmatchedReportAtUtc",
                table: "SubscribeGrants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnmatchedReportBy",
                table: "SubscribeGrants",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "SubscribeGrants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UnmatchedReportAtUtc",
                table: "SubscribeGrants");

            migrationBuilder.DropColumn(
                name: "UnmatchedReportBy",
                table: "SubscribeGrants");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "SubscribeGrants");
        }
    }
}
