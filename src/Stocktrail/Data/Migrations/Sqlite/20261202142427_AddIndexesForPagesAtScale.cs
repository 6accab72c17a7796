using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddIndexesForPagesAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockMovements_ProductId_OccurredAt",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_SerialUnits_ProductId_Status_WarehouseId",
                table: "SerialUnits");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ProductId_OccurredAt_Id",
                table: "StockMovements",
                columns: new[] { "ProductId", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ProductId_WarehouseId_OccurredAt_Id",
                table: "StockMovements",
                columns: new[] { "ProductId", "WarehouseId", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SerialUnits_ProductId_Status_SerialKey",
                table: "SerialUnits",
                columns: new[] { "ProductId", "Status", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_SerialUnits_ProductId_Status_WarehouseId_SerialKey",
                table: "SerialUnits",
                columns: new[] { "ProductId", "Status", "WarehouseId", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_PurchaseOrders_Status_Id",
                table: "PurchaseOrders",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CostLayers_BatchKey",
                table: "CostLayers",
                column: "BatchKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockMovements_ProductId_OccurredAt_Id",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_ProductId_WarehouseId_OccurredAt_Id",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_SerialUnits_ProductId_Status_SerialKey",
                table: "SerialUnits");

            migrationBuilder.DropIndex(
                name: "IX_SerialUnits_ProductId_Status_WarehouseId_SerialKey",
                table: "SerialUnits");

            migrationBuilder.DropIndex(
                name: "IX_PurchaseOrders_Status_Id",
                table: "PurchaseOrders");

            migrationBuilder.DropIndex(
                name: "IX_CostLayers_BatchKey",
                table: "CostLayers");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ProductId_OccurredAt",
                table: "StockMovements",
                columns: new[] { "ProductId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SerialUnits_ProductId_Status_WarehouseId",
                table: "SerialUnits",
                columns: new[] { "ProductId", "Status", "WarehouseId" });
        }
    }
}
