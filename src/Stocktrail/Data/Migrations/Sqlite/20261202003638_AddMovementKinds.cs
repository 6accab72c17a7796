using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMovementKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CostLayerId",
                table: "StockMovements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "StockMovements",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ReceiptId",
                table: "StockMovements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_CostLayerId",
                table: "StockMovements",
                column: "CostLayerId");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_Kind_OccurredAt",
                table: "StockMovements",
                columns: new[] { "Kind", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ReceiptId",
                table: "StockMovements",
                column: "ReceiptId");

            migrationBuilder.AddForeignKey(
                name: "FK_StockMovements_CostLayers_CostLayerId",
                table: "StockMovements",
                column: "CostLayerId",
                principalTable: "CostLayers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_StockMovements_Receipts_ReceiptId",
                table: "StockMovements",
                column: "ReceiptId",
                principalTable: "Receipts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            Backfills.MovementKinds.Fill(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_StockMovements_CostLayers_CostLayerId",
                table: "StockMovements");

            migrationBuilder.DropForeignKey(
                name: "FK_StockMovements_Receipts_ReceiptId",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_CostLayerId",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_Kind_OccurredAt",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_ReceiptId",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "CostLayerId",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "ReceiptId",
                table: "StockMovements");
        }
    }
}
