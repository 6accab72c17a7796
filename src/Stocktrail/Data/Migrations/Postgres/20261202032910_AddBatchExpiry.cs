using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddBatchExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ExpiresOn",
                table: "StockTakeLines",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BatchExpiries",
                columns: table => new
                {
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    BatchKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Batch = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    NoticeSentFor = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatchExpiries", x => new { x.ProductId, x.BatchKey });
                    table.ForeignKey(
                        name: "FK_BatchExpiries_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BatchExpiries_ExpiresOn",
                table: "BatchExpiries",
                column: "ExpiresOn");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BatchExpiries");

            migrationBuilder.DropColumn(
                name: "ExpiresOn",
                table: "StockTakeLines");
        }
    }
}
