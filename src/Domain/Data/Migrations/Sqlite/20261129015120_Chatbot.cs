using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WechatCare.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Chatbot : Migration
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

            migrationBuilder.CreateTable(
                name: "BotActions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Command = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BotActions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficialAccountBindCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficialAccountBindCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OfficialAccountBindCodes_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubscribeDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Accepted = table.Column<bool>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubscribeDecisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WechatPushReceipts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WechatPushReceipts", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BotActions_AtUtc",
                table: "BotActions",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_BotActions_UserId",
                table: "BotActions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_OfficialAccountBindCodes_CodeHash",
                table: "OfficialAccountBindCodes",
                column: "CodeHash");

            migrationBuilder.CreateIndex(
                name: "IX_OfficialAccountBindCodes_UserId",
                table: "OfficialAccountBindCodes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SubscribeDecisions_UserId",
                table: "SubscribeDecisions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_WechatPushReceipts_ReceivedAtUtc",
                table: "WechatPushReceipts",
                column: "ReceivedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BotActions");

            migrationBuilder.DropTable(
                name: "OfficialAccountBindCodes");

            migrationBuilder.DropTable(
                name: "SubscribeDecisions");

            migrationBuilder.DropTable(
                name: "WechatPushReceipts");

            migrationBuilder.DropColumn(
                name: "FollowsOfficialAccount",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "LastOfficialAccountMessageAtUtc",
                table: "Users");
        }
    }
}
