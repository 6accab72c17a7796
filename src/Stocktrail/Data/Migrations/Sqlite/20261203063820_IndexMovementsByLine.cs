using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexMovementsByLine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockMovements_SourceType_SourceId",
                table: "StockMovements");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_SourceType_SourceId_SourceLineId_Id",
                table: "StockMovements",
                columns: new[] { "SourceType", "SourceId", "SourceLineId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockMovements_SourceType_SourceId_SourceLineId_Id",
                table: "StockMovements");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_SourceType_SourceId",
                table: "StockMovements",
                columns: new[] { "SourceType", "SourceId" });
        }
    }
}
